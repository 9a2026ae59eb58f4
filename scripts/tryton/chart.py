"""Company, fiscal years and chart of accounts for the mesh's Tryton test database (via proteus)."""
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from proteus import Model, Wizard

COMPANY_NAME = 'Mesh Retail Test Co'

# Codes given to the generic minimal chart's accounts, plus the accounts a retailer's journal
# entries need that the minimal chart lacks. The mesh's gl_account mappings name these codes
# (workers/erp-sync/src/adapters/tryton/README.md lists them).
MINIMAL_CHART_CODES = {
    'Main Cash': '1000',
    'Main Receivable': '1200',
    'Main Payable': '2000',
    'Main Tax': '2100',
    'Main Revenue': '4000',
    'Main Expense': '6000',
}
# (code, name, like): the new account takes its type and parent from the minimal chart's `like`.
EXTRA_ACCOUNTS = [
    ('1010', 'Card Clearing', 'Main Cash'),
    ('1020', 'Marketplace Clearing', 'Main Cash'),
    ('1030', 'Bank', 'Main Cash'),
    ('4100', 'Shipping Income', 'Main Revenue'),
    ('4900', 'Sales Discounts', 'Main Revenue'),
    ('4910', 'Sales Returns and Refunds', 'Main Revenue'),
    ('6100', 'Marketplace Fees', 'Main Expense'),
    ('6200', 'Payment Processing Fees', 'Main Expense'),
    ('6300', 'Inventory Adjustments', 'Main Expense'),
]


def get_currency(code='USD'):
    Currency = Model.get('currency.currency')
    CurrencyRate = Model.get('currency.currency.rate')
    found = Currency.find([('code', '=', code)])
    if found:
        return found[0]
    currency = Currency(name=code, symbol=code, code=code, rounding=Decimal('0.01'), digits=2)
    currency.save()
    CurrencyRate(date=datetime.date.min, rate=Decimal('1'), currency=currency).save()
    return currency


def create_company():
    """The company wizard also makes it the admin user's current company."""
    Party = Model.get('party.party')
    User = Model.get('res.user')
    wizard = Wizard('company.company.config')
    wizard.execute('company')
    party = Party(name=COMPANY_NAME)
    party.save()
    wizard.form.party = party
    wizard.form.currency = get_currency('USD')
    wizard.execute('add')
    from proteus.config import get_config
    get_config()._context = User.get_preferences(True, {})
    Company = Model.get('company.company')
    company, = Company.find()
    return company


def create_fiscal_years(company, today):
    """Last, this and next calendar year with monthly periods; last January is closed, so the
    tests can post into a closed period."""
    FiscalYear = Model.get('account.fiscalyear')
    Sequence = Model.get('ir.sequence')
    SequenceStrict = Model.get('ir.sequence.strict')
    SequenceType = Model.get('ir.sequence.type')
    move_type, = SequenceType.find([('name', '=', 'Account Move')], limit=1)
    invoice_type, = SequenceType.find([('name', '=', 'Invoice')], limit=1)
    for year in (today.year - 1, today.year, today.year + 1):
        start = datetime.date(year, 1, 1)
        post_sequence = Sequence(name=str(year), sequence_type=move_type, company=company)
        post_sequence.save()
        invoice_sequence = SequenceStrict(
            name=str(year), sequence_type=invoice_type, company=company)
        invoice_sequence.save()
        fiscalyear = FiscalYear(name=str(year), start_date=start,
            end_date=start + relativedelta(month=12, day=31), company=company,
            post_move_sequence=post_sequence)
        sequences, = fiscalyear.invoice_sequences
        sequences.out_invoice_sequence = invoice_sequence
        sequences.in_invoice_sequence = invoice_sequence
        sequences.out_credit_note_sequence = invoice_sequence
        sequences.in_credit_note_sequence = invoice_sequence
        fiscalyear.save()
        fiscalyear.click('create_period')
    Period = Model.get('account.period')
    january, = Period.find([('start_date', '=', datetime.date(today.year - 1, 1, 1)),
        ('type', '=', 'standard')])
    january.click('close')


def create_accounts(company):
    """The generic minimal chart from its template, codes on its accounts, the extra accounts."""
    AccountTemplate = Model.get('account.account.template')
    Account = Model.get('account.account')
    ModelData = Model.get('ir.model.data')
    data, = ModelData.find([('module', '=', 'account'),
        ('fs_id', '=', 'account_template_root_en')], limit=1)
    wizard = Wizard('account.create_chart')
    wizard.execute('account')
    wizard.form.account_template = AccountTemplate(data.db_id)
    wizard.form.company = company
    wizard.execute('create_account')
    by_name = {}
    for name, code in MINIMAL_CHART_CODES.items():
        account, = Account.find([('name', '=', name), ('company', '=', company.id)])
        account.code = code
        account.save()
        by_name[name] = account
    wizard.form.account_receivable = by_name['Main Receivable']
    wizard.form.account_payable = by_name['Main Payable']
    wizard.execute('create_properties')
    for code, name, like in EXTRA_ACCOUNTS:
        model = by_name[like]
        account = Account(name=name, code=code, type=model.type, parent=model.parent,
            company=company)
        account.save()
        by_name[name] = account
    return by_name


def create_journals():
    """Tryton's data brings REV, EXP, CASH and STO journals; journal entries get their own."""
    Journal = Model.get('account.journal')
    cash, = Journal.find([('code', '=', 'CASH')])
    misc = Journal(name='Miscellaneous', code='MISC', type='general', sequence=cash.sequence)
    misc.save()
