"""Payment term, products, opening stock and parties for the mesh's Tryton test database."""
import datetime
from decimal import Decimal

from proteus import Model

# Product codes are the mesh SKUs (the adapter's fallback when an item mapping is absent).
# IPOD2008GREEN and IPOD2008RED are the SKUs of test/support/canonical-order.ts; with IPOD2008BLACK
# they are the example order's (the demo's, with MESH_ERP=tryton npm run dev).
PRODUCTS = [
    ('IPOD2008GREEN', 'IPod Nano - 8gb green', Decimal('199.00'), Decimal('120.00')),
    ('IPOD2008RED', 'IPod Nano - 8gb red', Decimal('199.00'), Decimal('120.00')),
    ('IPOD2008BLACK', 'IPod Nano - 8gb black', Decimal('199.00'), Decimal('120.00')),
    ('TEE-BLACK-M', 'T-shirt black M', Decimal('25.00'), Decimal('8.00')),
    ('MUG-WHITE', 'Mug white', Decimal('12.50'), Decimal('3.10')),
]
OPENING_STOCK = 100
WALK_IN_CUSTOMER = ('WALK-IN', 'Walk-in Customer')


def create_payment_term():
    """One 'Direct' term, the default for customers (account.configuration)."""
    PaymentTerm = Model.get('account.invoice.payment_term')
    Configuration = Model.get('account.configuration')
    term = PaymentTerm(name='Direct')
    term.lines.new(type='remainder')
    term.save()
    configuration = Configuration(1)
    configuration.default_customer_payment_term = term
    configuration.save()
    return term


def create_products(accounts):
    """An accounting category carries the revenue and expense accounts; goods products with the
    SKUs as codes use it. It is also the default for lines without a category."""
    Category = Model.get('product.category')
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    Configuration = Model.get('account.configuration')
    category = Category(name='Merchandise', accounting=True,
        account_revenue=accounts['Main Revenue'], account_expense=accounts['Main Expense'])
    category.save()
    configuration = Configuration(1)
    configuration.default_category_account_revenue = accounts['Main Revenue']
    configuration.default_category_account_expense = accounts['Main Expense']
    configuration.save()
    unit, = Uom.find([('name', '=', 'Unit')])
    for code, name, price, cost in PRODUCTS:
        template = Template(name=name, code=code, type='goods', salable=True,
            default_uom=unit, sale_uom=unit, list_price=price, account_category=category)
        product, = template.products
        product.cost_price = cost
        template.save()


def receive_opening_stock(today):
    """A confirmed inventory in the default warehouse's storage: stock comes from lost-and-found.
    Dated the first working day of last year, so sales dated any day since see it in their forecast
    (sale_stock_quantity checks the forecast at the sale date)."""
    Inventory = Model.get('stock.inventory')
    Location = Model.get('stock.location')
    Product = Model.get('product.product')
    storage, = Location.find([('code', '=', 'STO')])
    inventory = Inventory(location=storage, date=datetime.date(today.year - 1, 1, 2))
    for product in Product.find([('code', 'in', [code for code, *_ in PRODUCTS])]):
        inventory.lines.new(product=product, quantity=OPENING_STOCK, expected_quantity=0)
    inventory.click('confirm')


def create_parties():
    Party = Model.get('party.party')
    """The party orders without a customer are booked to (the default_customer mapping names its code)."""
    code, name = WALK_IN_CUSTOMER
    Party(code=code, name=name).save()
