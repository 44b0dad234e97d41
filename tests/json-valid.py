#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Validates JSON files against the published schemas, for tests/lib.sh's
# valid/valid_check: reads "SCHEMA<TAB>FILE<TAB>DESCRIPTION" lines on stdin
# (SCHEMA is kvm-pmu-info or probe-record, a file in the directory argv[1])
# and prints "STATUS<TAB>DESCRIPTION<TAB>REASON" for each, STATUS 0 for a
# valid document.  The loader is strict: UTF-8 only, no NaN or Infinity
# (Python's json takes both; the tool must print neither).
# Exit 3 with one line when Debian's python3-jsonschema is missing.
import json, os, sys
try:
    import jsonschema
except ImportError:
    print("%s lacks jsonschema (apt-get install python3-jsonschema)" % sys.executable)
    sys.exit(3)

def load(path):
    def bad(c):
        raise ValueError("non-standard constant " + c)
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"), parse_constant=bad)

validators = {}
def validator(name):
    if name not in validators:
        schema = load(os.path.join(sys.argv[1], name + ".schema.json"))
        jsonschema.Draft7Validator.check_schema(schema)
        validators[name] = jsonschema.Draft7Validator(schema)
    return validators[name]

for line in sys.stdin:
    name, path, what = line.rstrip("\n").split("\t", 2)
    try:
        e = jsonschema.exceptions.best_match(validator(name).iter_errors(load(path)))
        why = "%s at /%s" % (e.message, "/".join(map(str, e.absolute_path))) if e else ""
    except (OSError, ValueError) as e:
        why = "%s: %s" % (path, e)
    print("%d\t%s\t%s" % (bool(why), what, why.replace("\t", " ").replace("\n", " ")))
