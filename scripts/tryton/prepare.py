#!/usr/bin/python3
"""Prepare the Tryton 6.0 database the mesh's Tryton tests run against.

Builds `<cache>/mesh.sqlite` once: activates the modules, then through proteus (Tryton's own
scripting client, in-process) creates the company, fiscal years with monthly periods, a chart of
accounts from the generic minimal template, journals, a payment term, products whose codes are the
test SKUs, opening stock in the default warehouse and a walk-in customer. A stamp file records what
the database was built from; a second run with the same inputs does nothing. Tests copy the file and
never write to it.

Usage: /usr/bin/python3 scripts/tryton/prepare.py --cache node_modules/.cache/tryton
"""
import argparse
import datetime
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import chart  # noqa: E402  (this folder's own modules, found through HERE)
import catalog  # noqa: E402

DATABASE = 'mesh'
ADMIN_PASSWORD = 'admin'
MODULES = ['sale', 'sale_stock_quantity', 'account_invoice_stock']


def stamp_of(today):
    """What the database depends on: these scripts, the trytond version and the year (periods)."""
    import trytond
    digest = hashlib.sha256()
    for name in sorted(os.listdir(HERE)):
        if name.endswith('.py'):
            with open(os.path.join(HERE, name), 'rb') as source:
                digest.update(name.encode() + source.read())
    digest.update(trytond.__version__.encode())
    digest.update(str(today.year).encode())
    return digest.hexdigest()


def write_config(directory):
    path = os.path.join(directory, 'trytond.conf')
    with open(path, 'w') as conf:
        conf.write('[database]\nuri = sqlite://\npath = %s\n' % directory)
    return path


def activate_modules(directory, conf):
    """trytond-admin initialises the empty SQLite file and activates the modules with dependencies."""
    open(os.path.join(directory, DATABASE + '.sqlite'), 'w').close()
    with tempfile.NamedTemporaryFile('w', suffix='.pass') as passfile:
        passfile.write(ADMIN_PASSWORD)
        passfile.flush()
        env = dict(os.environ, TRYTONPASSFILE=passfile.name)
        subprocess.run(
            ['trytond-admin', '-c', conf, '-d', DATABASE, '--email',
                'admin@mesh.invalid', '-u', *MODULES, '--activate-dependencies'],
            check=True, env=env)


def populate(conf, today):
    from proteus import config as proteus_config
    proteus_config.set_trytond(database=DATABASE, config_file=conf)
    company = chart.create_company()
    chart.create_fiscal_years(company, today)
    accounts = chart.create_accounts(company)
    chart.create_journals()
    catalog.create_payment_term()
    catalog.create_products(accounts)
    catalog.receive_opening_stock(today)
    catalog.create_parties()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--cache', required=True, help='directory that holds mesh.sqlite')
    args = parser.parse_args()
    cache = os.path.abspath(args.cache)
    today = datetime.date.today()
    stamp = stamp_of(today)
    stamp_path = os.path.join(cache, 'stamp')
    database_path = os.path.join(cache, DATABASE + '.sqlite')
    if os.path.exists(database_path) and os.path.exists(stamp_path):
        with open(stamp_path) as current:
            if current.read().strip() == stamp:
                print('tryton: %s is up to date' % database_path)
                return
    os.makedirs(cache, exist_ok=True)
    # Build in a scratch folder and move into place, so an interrupted run never leaves a
    # half-built database behind a valid stamp.
    work = tempfile.mkdtemp(prefix='tryton-prepare-', dir=cache)
    try:
        conf = write_config(work)
        activate_modules(work, conf)
        populate(conf, today)
        os.replace(os.path.join(work, DATABASE + '.sqlite'), database_path)
        with open(stamp_path, 'w') as current:
            current.write(stamp + '\n')
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print('tryton: prepared %s' % database_path)


if __name__ == '__main__':
    main()
