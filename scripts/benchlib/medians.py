#!/usr/bin/env python3
"""Prints the median (seconds) of each command in a hyperfine --export-json file, one per line."""
import json, statistics, sys

for result in json.load(open(sys.argv[1]))["results"]:
    print(f"{statistics.median(result['times']):.6f}")
