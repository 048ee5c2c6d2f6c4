#include "arguments.hpp"

#include "facts.hpp"

#include "../core/errors.hpp"

namespace preflight::ext {

using pg::call;

namespace {

std::string text_argument(FunctionCallInfo fcinfo, int arg) {
    const char* s = call([&] { return text_to_cstring(PG_GETARG_TEXT_PP(arg)); });
    return s;
}

OptionValue::Type value_type(const JsonbValue& v) {
    switch (v.type) {
    case jbvNull:
        return OptionValue::Type::Null;
    case jbvBool:
        return OptionValue::Type::Bool;
    case jbvString:
        return OptionValue::Type::String;
    case jbvNumeric:
        return OptionValue::Type::Number;
    case jbvBinary:
        return JsonContainerIsObject(v.val.binary.data) ? OptionValue::Type::Object
                                                        : OptionValue::Type::Array;
    default:
        return OptionValue::Type::Object;
    }
}

std::vector<OptionValue> options_argument(FunctionCallInfo fcinfo, int arg) {
    std::vector<OptionValue> out;
    if (PG_ARGISNULL(arg))
        return out; // NULL options: the defaults, like '{}'
    Jsonb* jb = call([&] { return PG_GETARG_JSONB_P(arg); });
    if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
        throw UserError(UserError::Kind::InvalidParameter, "options must be a JSON object",
                        "Pass for example '{\"truncate\": true}'.");
    JsonbIterator* it = call([&] { return JsonbIteratorInit(&jb->root); });
    JsonbValue v;
    std::string key;
    for (;;) {
        JsonbIteratorToken token = call([&] { return JsonbIteratorNext(&it, &v, true); });
        if (token == WJB_DONE)
            break;
        if (token == WJB_KEY) {
            key.assign(v.val.string.val, v.val.string.len);
        } else if (token == WJB_VALUE) {
            OptionValue o;
            o.key = key;
            o.type = value_type(v);
            if (v.type == jbvString)
                o.text.assign(v.val.string.val, v.val.string.len);
            else if (v.type == jbvBool)
                o.text = v.val.boolean ? "true" : "false";
            out.push_back(std::move(o));
        }
    }
    return out;
}

} // namespace

Oid role_argument(FunctionCallInfo fcinfo, int arg) {
    if (PG_ARGISNULL(arg))
        throw UserError(UserError::Kind::InvalidParameter, "role must not be NULL",
                        "Pass a role name, or omit the argument to check current_user.");
    const char* name = call([&] { return NameStr(*PG_GETARG_NAME(arg)); });
    return role_oid(name);
}

std::optional<std::vector<std::string>> schemas_argument(FunctionCallInfo fcinfo, int arg) {
    if (PG_ARGISNULL(arg))
        return std::nullopt; // every non-system schema
    Datum* elements = nullptr;
    bool* nulls = nullptr;
    int n = 0;
    call([&] {
        ArrayType* array = PG_GETARG_ARRAYTYPE_P(arg);
        if (ARR_NDIM(array) > 1)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("schemas must be a one-dimensional array")));
        deconstruct_array(array, NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR, &elements, &nulls, &n);
    });
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        if (nulls[i])
            throw UserError(UserError::Kind::InvalidParameter,
                            "schemas must not contain NULL (element " + std::to_string(i + 1) + ")",
                            "Pass schema names, or NULL for every schema.");
        out.emplace_back(NameStr(*DatumGetName(elements[i])));
    }
    return out;
}

CheckArguments check_arguments(FunctionCallInfo fcinfo) {
    CheckArguments a;
    if (PG_ARGISNULL(0))
        throw UserError(UserError::Kind::InvalidParameter, "job must not be NULL",
                        "Valid jobs are 'source' and 'destination'.");
    a.job = parse_job(text_argument(fcinfo, 0));
    a.role = role_argument(fcinfo, 1);
    a.schemas = schemas_argument(fcinfo, 2);
    a.options = parse_options(a.job, options_argument(fcinfo, 3));
    return a;
}

} // namespace preflight::ext
