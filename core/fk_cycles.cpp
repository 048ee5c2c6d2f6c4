#include "fk_cycles.hpp"

#include "interrupts.hpp"

#include <algorithm>
#include <unordered_map>

namespace preflight {

// Tarjan's algorithm, iterative: a catalog may chain 100,000 tables, too
// deep for recursion on a backend's stack.
std::vector<std::vector<Oid>> foreign_key_cycles(const Catalog& cat) {
    const auto& order = cat.table_order;
    std::unordered_map<Oid, int> pos;
    for (std::size_t i = 0; i < order.size(); ++i)
        pos[order[i]] = static_cast<int>(i);
    const int n = static_cast<int>(order.size());
    std::vector<std::vector<int>> edges(n);
    std::vector<bool> self_loop(n, false);
    for (int v = 0; v < n; ++v) {
        check_interrupts();
        for (const auto& fk : cat.tables.at(order[v]).foreign_keys) {
            auto it = pos.find(fk.referenced_table);
            if (it == pos.end())
                continue;
            edges[v].push_back(it->second);
            if (it->second == v)
                self_loop[v] = true;
        }
    }

    std::vector<int> index(n, -1), low(n, 0), comp(n, -1);
    std::vector<bool> on_stack(n, false);
    std::vector<int> stack;
    std::vector<std::pair<int, std::size_t>> frames; // vertex, next edge
    int counter = 0, ncomp = 0;
    for (int root = 0; root < n; ++root) {
        check_interrupts();
        if (index[root] >= 0)
            continue;
        frames.push_back({root, 0});
        while (!frames.empty()) {
            auto& [v, next] = frames.back();
            if (next == 0 && index[v] < 0) {
                index[v] = low[v] = counter++;
                stack.push_back(v);
                on_stack[v] = true;
            }
            if (next < edges[v].size()) {
                int w = edges[v][next++];
                if (index[w] < 0)
                    frames.push_back({w, 0});
                else if (on_stack[w])
                    low[v] = std::min(low[v], index[w]);
                continue;
            }
            if (low[v] == index[v]) {
                int w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = false;
                    comp[w] = ncomp;
                } while (w != v);
                ++ncomp;
            }
            int done = v;
            frames.pop_back();
            if (!frames.empty())
                low[frames.back().first] = std::min(low[frames.back().first], low[done]);
        }
    }

    std::vector<std::vector<Oid>> groups(ncomp);
    for (int v = 0; v < n; ++v)
        groups[comp[v]].push_back(order[v]);
    std::vector<std::vector<Oid>> out;
    std::vector<bool> emitted(ncomp, false);
    for (int v = 0; v < n; ++v) {
        int c = comp[v];
        if (emitted[c])
            continue;
        emitted[c] = true;
        if (groups[c].size() > 1 || self_loop[v])
            out.push_back(groups[c]);
    }
    return out;
}

} // namespace preflight
