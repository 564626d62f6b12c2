#!/usr/bin/env python3
"""A contacts CSV for `breach contact import` at volume: COUNT rows, about 100 bytes each (100,000 rows
is the 10 MB file of issue 17). Every contact carries the tag `customer-bench` (for `affect --tag`) and a
per-customer tag, and an email address.

Usage: contacts_csv.py COUNT > contacts.csv
"""
import sys

count = int(sys.argv[1])
out = sys.stdout
out.write("id,name,role,tags,email\n")
for n in range(count):
    customer = n // 10
    out.write(f"admin-{n:06d},Administrator {n} of Customer {customer},customer-admin,"
              f"customer-bench;customer-{customer:05d},admin{n}@customer{customer:05d}.example\n")
