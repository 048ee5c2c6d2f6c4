#include "html_report.hpp"

#include "../../core/check.hpp"
#include "../../core/quote.hpp"
#include "../../core/steps.hpp"
#include "github_report.hpp"
#include "markup.hpp"

#include <map>
#include <unordered_map>

namespace preflight::client {

namespace {

using json = nlohmann::ordered_json;

constexpr char kPlaceholder[] = "\x01"; // the object's label, left out of a stored detail

// A cell of the grid: the worst of the rows behind it.
char worse(char a, char b) {
    auto rank = [](char c) { return c == 'm' ? 3 : c == 'w' ? 2 : c == 'o' ? 1 : 0; };
    return rank(b) > rank(a) ? b : a;
}

char code(Status s) {
    return s == Status::Missing ? 'm' : s == Status::Warning ? 'w' : 'o';
}

bool on_grid(const Row& r) {
    return r.object_type == "table" || r.object_type == "column" || r.object_type == "sequence";
}

// The object's own name as the details write it (a schema's row carries
// its name as schema_name too).
std::string label_of(const Row& r) {
    if (!r.schema_name || r.object_type == "schema")
        return quote_ident(r.object_name);
    if (r.object_type == "function") // its name carries its arguments
        return quote_ident(*r.schema_name) + "." + r.object_name;
    return qualified(*r.schema_name, r.object_name);
}

std::string replace_all(std::string text, const std::string& what, const std::string& with) {
    if (what.empty())
        return text;
    for (std::size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
    return text;
}

// One connection's data for the page's script.
json target_data(const TargetReport& t) {
    json d{{"job", t.job},     {"label", t.label},
           {"file", t.file},   {"status", outcome_word(t.outcome)},
           {"error", t.error}, {"seconds", t.seconds}};
    if (t.report.is_object()) {
        d["role"] = t.report.value("role", "");
        const json conn = t.report.value("connection", json::object());
        d["database"] = conn.value("database", "");
        d["host"] = conn.value("host", "");
    }
    const Rows rows = report_rows(t);

    // The steps that concern tables, in the order the job runs them.
    std::vector<std::string> steps;
    std::map<std::string, std::size_t> step_index;
    for (const auto& spec : preflight::steps())
        for (const auto& r : rows)
            if (on_grid(r) && r.needed_for == spec.name) {
                step_index[spec.name] = steps.size();
                steps.push_back(spec.name);
                break;
            }

    // Tables and sequences by schema, in the order they first appear; a
    // schema's own rows count for each of its tables at their step.
    struct Line {
        std::string name;
        std::string cells;
    };
    std::vector<std::string> schema_order;
    std::unordered_map<std::string, std::vector<Line>> lines;
    std::unordered_map<std::string, std::unordered_map<std::string, std::size_t>> line_index;
    std::unordered_map<std::string, std::string> schema_cells;
    for (const auto& r : rows) {
        if (r.object_type == "schema") {
            auto s = step_index.find(r.needed_for);
            if (s == step_index.end())
                continue;
            std::string& cells = schema_cells[r.object_name];
            cells.resize(steps.size(), '.');
            cells[s->second] = worse(cells[s->second], code(r.status));
            continue;
        }
        if (!on_grid(r) || !r.schema_name)
            continue;
        const std::string& schema = *r.schema_name;
        if (!lines.count(schema))
            schema_order.push_back(schema);
        auto& index = line_index[schema];
        auto [it, added] = index.emplace(r.object_name, lines[schema].size());
        if (added)
            lines[schema].push_back({r.object_name, std::string(steps.size(), '.')});
        char& cell = lines[schema][it->second].cells[step_index.at(r.needed_for)];
        cell = worse(cell, code(r.status));
    }
    json schemas = json::array();
    for (const auto& s : schema_order) {
        json tables = json::array();
        const std::string& extra = schema_cells[s];
        for (auto& l : lines[s]) {
            for (std::size_t k = 0; k < extra.size() && k < l.cells.size(); ++k)
                if (l.cells[k] != '.')
                    l.cells[k] = worse(l.cells[k], extra[k]);
            tables.push_back(json::array({l.name, l.cells}));
        }
        schemas.push_back(json{{"n", s}, {"t", std::move(tables)}});
    }
    d["steps"] = steps;
    d["schemas"] = std::move(schemas);

    // The rows that are not ok, their details stored once each.
    json problems = json::array();
    json texts = json::array();
    std::unordered_map<std::string, std::size_t> text_index;
    FixScript script;
    for (const auto& r : rows) {
        script.note(r);
        if (r.status == Status::Ok)
            continue;
        const std::string detail = replace_all(r.detail, label_of(r), kPlaceholder);
        auto [it, added] = text_index.emplace(detail, texts.size());
        if (added)
            texts.push_back(detail);
        problems.push_back(json::array(
            {r.object_type, r.schema_name ? json(*r.schema_name) : json(), r.object_name,
             r.column_name ? json(*r.column_name) : json(), r.privilege, r.needed_for,
             std::string(1, code(r.status)), it->second, r.fix ? json(*r.fix) : json()}));
    }
    d["rows"] = std::move(problems);
    d["texts"] = std::move(texts);
    d["fix"] = script.text();
    return d;
}

// JSON inside <script type="application/json">: nothing in it may close
// the element or open a comment, whatever the names hold.
std::string script_safe(const json& data) {
    const std::string text = data.dump(-1, ' ', true, json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else
            out += c;
    }
    return out;
}

constexpr char kStyle[] = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1a1a1a;background:#fff}
h1{margin:.2em 0}h2{margin:1.2em 0 .3em;font-size:1.15em}
.ready{color:#17692b}.notready,.failed,.interrupted{color:#a3161c}
table{border-collapse:collapse}th,td{padding:.2em .6em;text-align:left;border-bottom:1px solid #ddd}
table.grid td.c{width:5.5em;text-align:center;cursor:pointer;font-size:12px}
td.o{background:#d7f0dc}td.m{background:#f6c9cb;font-weight:600}td.w{background:#fbe7b5}td.n{color:#aaa}
section.conn{border-top:2px solid #ccc;margin-top:1.5em}
details.schema>summary{cursor:pointer;margin:.3em 0}
#panel{position:sticky;bottom:0;background:#fafafa;border-top:2px solid #888;padding:.5em;max-height:40vh;overflow:auto}
#panel:empty{display:none}.row{margin:.4em 0}.fix{font-family:monospace;background:#eee;padding:.1em .3em;white-space:pre-wrap}
textarea{width:100%;height:14em;font-family:monospace}button{margin:.2em 0}
)css";

// Puts the data in place; every name goes in with textContent.
constexpr char kScript[] = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var q = function (s) { return '"' + s.split('"').join('""') + '"'; };
  var words = {o: 'ok', m: 'MISSING', w: 'warning', '.': '-'};
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var panel = document.getElementById('panel');
  // The object's own name, as label_of() in html_report.cpp writes it.
  function own(r) {
    return r[1] === null || r[0] === 'schema' ? q(r[2]) :
      r[0] === 'function' ? q(r[1]) + '.' + r[2] : q(r[1]) + '.' + q(r[2]);
  }
  function label(r) {
    return r[0] + ' ' + own(r) + (r[3] === null ? '' : '.' + q(r[3]));
  }
  function show(t, rows, title) {
    panel.textContent = '';
    panel.appendChild(el('strong', null, title));
    if (!rows.length) panel.appendChild(el('div', 'row', 'Every row here is ok.'));
    rows.forEach(function (r) { panel.appendChild(rowElement(t, r, 'div')); });
  }
  // One row: what, its detail (its object's name put back), its fix.
  function rowElement(t, r, tag) {
    var d = el(tag, 'row ' + r[6]);
    d.appendChild(el('div', null, words[r[6]] + '  ' + label(r) + '  ' + r[4] + ' (' + r[5] + ')'));
    d.appendChild(el('div', 'detail', t.texts[r[7]].split('\u0001').join(own(r))));
    if (r[8] !== null) d.appendChild(el('div', 'fix', r[8]));
    return d;
  }
  function grid(t, schema, box) {
    var table = el('table', 'grid');
    var head = el('tr');
    head.appendChild(el('th', null, 'table'));
    t.steps.forEach(function (s) { head.appendChild(el('th', null, s)); });
    table.appendChild(head);
    box.appendChild(table);
    var shown = 0;
    function more() {
      var end = Math.min(schema.t.length, shown + 500);
      for (; shown < end; shown++) {
        var line = schema.t[shown], tr = el('tr');
        tr.appendChild(el('td', null, line[0]));
        for (var k = 0; k < t.steps.length; k++) {
          var c = line[1].charAt(k);
          var td = el('td', 'c ' + (c === '.' ? 'n' : c), words[c]);
          td.dataset.k = k;
          td.dataset.i = shown;
          tr.appendChild(td);
        }
        table.appendChild(tr);
      }
      if (shown < schema.t.length) {
        var b = el('button', null, 'show ' + Math.min(500, schema.t.length - shown) + ' more of ' +
                   (schema.t.length - shown));
        b.onclick = function () { b.remove(); more(); };
        box.appendChild(b);
      }
    }
    table.onclick = function (ev) {
      var td = ev.target.closest('td.c');
      if (td) showCell(t, schema, +td.dataset.i, +td.dataset.k);
    };
    more();
  }
  // A cell's rows: the table's own at that step, and its schema's.
  function showCell(t, schema, i, k) {
    var name = schema.t[i][0], step = t.steps[k];
    show(t, t.rows.filter(function (r) {
      return r[5] === step && ((r[1] === schema.n && r[2] === name && r[0] !== 'schema') ||
                               (r[0] === 'schema' && r[2] === schema.n));
    }), q(schema.n) + '.' + q(name) + ': ' + step);
  }
  var main = document.getElementById('connections');
  data.targets.forEach(function (t, n) {
    var sec = el('section', 'conn');
    sec.id = 'conn-' + n;
    sec.appendChild(el('h2', null, 'job ' + q(t.job) + ': ' + t.label));
    sec.appendChild(el('p', 'status ' + t.status.replace(' ', ''), t.status.toUpperCase() +
      (t.role ? ' \u00b7 role ' + q(t.role) : '') +
      (t.database ? ' \u00b7 database ' + q(t.database) : '') +
      (t.host ? ' \u00b7 host ' + t.host : '')));
    if (t.error) sec.appendChild(el('p', 'failed', t.error));
    t.schemas.forEach(function (s) {
      var bad = 0;
      s.t.forEach(function (l) { if (/[mw]/.test(l[1])) bad++; });
      var det = el('details', 'schema');
      det.appendChild(el('summary', null, 'schema ' + q(s.n) + ': ' + s.t.length +
        (s.t.length === 1 ? ' object, ' : ' objects, ') + (bad ? bad + ' not ok' : 'all ok')));
      var drawn = false;
      det.addEventListener('toggle', function () {
        if (det.open && !drawn) { drawn = true; grid(t, s, det); }
      });
      det.open = bad > 0 && bad <= 2000;
      sec.appendChild(det);
    });
    var others = t.rows.filter(function (r) {
      return ['table', 'column', 'sequence'].indexOf(r[0]) < 0;
    });
    if (others.length) {
      sec.appendChild(el('h3', null, 'Other objects'));
      var ul = el('ul', 'others');
      others.forEach(function (r) { ul.appendChild(rowElement(t, r, 'li')); });
      sec.appendChild(ul);
    }
    if (t.fix) {
      var fd = el('details', 'fixscript');
      fd.appendChild(el('summary', null, 'Fix script (run it as a superuser on this server)'));
      fd.addEventListener('toggle', function () {
        if (!fd.open || fd.querySelector('textarea')) return;
        var ta = el('textarea');
        ta.readOnly = true;
        ta.value = t.fix;
        var b = el('button', null, 'copy');
        b.onclick = function () {
          ta.select();
          if (navigator.clipboard) navigator.clipboard.writeText(ta.value).catch(function () {
            document.execCommand('copy');
          });
          else document.execCommand('copy');
        };
        fd.appendChild(b);
        fd.appendChild(ta);
      });
      sec.appendChild(fd);
    }
    main.appendChild(sec);
  });
  // A link to a cell: #cell=CONNECTION.SCHEMA.TABLE.STEP (indexes from 0)
  // opens its schema and shows its rows.
  var m = /^#cell=(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(location.hash);
  if (m) {
    var t = data.targets[+m[1]], s = t && t.schemas[+m[2]];
    if (s && s.t[+m[3]] && +m[4] < t.steps.length) {
      var det = document.getElementById('conn-' + m[1]).querySelectorAll('details.schema')[+m[2]];
      det.open = true;
      det.dispatchEvent(new Event('toggle'));
      showCell(t, s, +m[3], +m[4]);
    }
  }
  document.body.dataset.rendered = 'yes';
})();
)js";

} // namespace

void write_html(std::ostream& out, const std::vector<TargetReport>& targets) {
    const Tally all = tally(targets);
    const bool ready = all.ready == all.targets;
    json data{{"targets", json::array()}};
    for (const auto& t : targets)
        data["targets"].push_back(target_data(t));

    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        << "<title>pg_preflight: " << (ready ? "READY" : "NOT READY") << "</title>\n<style>"
        << kStyle << "</style>\n</head>\n<body>\n<header>\n<h1 id=\"verdict\" class=\""
        << (ready ? "ready" : "notready") << "\">" << (ready ? "READY" : "NOT READY")
        << "</h1>\n<p id=\"summary\">" << markup_escape(summary_line(all)) << "</p>\n"
        << "<table id=\"targets\">\n<tr><th>job</th><th>connection</th><th>status</th>"
           "<th>missing</th><th>warnings</th><th>seconds</th></tr>\n";
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const TargetReport& t = targets[i];
        std::size_t missing = 0, warnings = 0;
        for (const auto& r : report_rows(t)) {
            missing += r.status == Status::Missing;
            warnings += r.status == Status::Warning;
        }
        std::string status = outcome_word(t.outcome);
        std::string cls = status;
        cls.erase(std::remove(cls.begin(), cls.end(), ' '), cls.end());
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.2f", t.seconds);
        out << "<tr><td>" << markup_escape(t.job) << "</td><td><a href=\"#conn-" << i << "\">"
            << markup_escape(t.label) << "</a></td><td class=\"" << cls << "\">" << status
            << "</td><td>" << missing << "</td><td>" << warnings << "</td><td>" << secs
            << "</td></tr>\n";
    }
    out << "</table>\n</header>\n<main id=\"connections\"></main>\n<div id=\"panel\"></div>\n"
        << "<script type=\"application/json\" id=\"data\">" << script_safe(data)
        << "</script>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
}

} // namespace preflight::client
