#!/usr/bin/env python3
"""The physical limit of bulk append on PostgreSQL, as a psql script: the rows breach wrote, inserted by
one prepared INSERT, one EXECUTE per row, in one transaction.

Reads a `psql --csv` dump (with header) of breach's `events` columns except the actor (the database
fills it in from the login, as for breach) and prints the script on stdout. It runs against a freshly
initialised breach database, so the table, its indexes and its triggers are the very ones breach wrote to.
"""
import csv, sys

COLUMNS = "sequence, stream, version, type, schema_version, payload, effective_at, recorded_at, prev_hash, hash"
TYPES = "bigint, text, integer, text, integer, text, text, text, text, text"
NUMERIC = {0, 2, 4}


def literal(index, value):
    return value if index in NUMERIC else "'" + value.replace("'", "''") + "'"


def main():
    out = sys.stdout
    out.write(f"PREPARE append_event ({TYPES}) AS INSERT INTO events ({COLUMNS}) "
              f"VALUES ({', '.join(f'${i}' for i in range(1, 11))});\nBEGIN;\n")
    with open(sys.argv[1], newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            out.write("EXECUTE append_event (" + ", ".join(literal(i, v) for i, v in enumerate(row)) + ");\n")
    out.write("COMMIT;\n")


main()
