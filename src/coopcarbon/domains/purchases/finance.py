r"""Financed emissions: savings and investments held (GHG Protocol scope 3 category 15, BEGES 5.4).

A cooperative's deposits, savings accounts, life insurance, funds and shares finance other
organisations' emissions. The PCAF standard attributes to an investor the share of an
investee's emissions that its outstanding amount represents:

.. math:: E = \frac{A}{EVIC} \times E_{investee} = A \times I

where :math:`A` is the amount held at year end, :math:`EVIC` the investee's enterprise value
including cash (or equity + debt for unlisted companies) and :math:`I` the intensity per
amount invested. Funds publish :math:`I` as their "carbon footprint" (tCO2e per M€ invested,
principal adverse impact indicator 2 of the SFDR delegated regulation), banks and insurers in
their climate reports (article 29 of the French *loi énergie-climat*). coopcarbon bundles **no
generic ratio per product**: none was found from a primary, checkable source. The intensity is a
factor of the user's own table, named by ``factor_id``, citing the institution's report.

References
----------
1. PCAF, *The Global GHG Accounting and Reporting Standard, Part A: Financed Emissions*,
   2nd edition (2022), ch. 5.
2. Commission Delegated Regulation (EU) 2022/1288 (SFDR RTS), annex I, table 1, indicator 2
   "carbon footprint" (tCO2e per million EUR invested).
3. WRI/WBCSD, *Corporate Value Chain (Scope 3) Standard* (2011), category 15.

Examples
--------
>>> from coopcarbon.domains import purchases
>>> [line] = purchases.financed("150000 EUR", "fund", factor_id="finance.my_fund")
>>> line.quantity, line.beges_post, line.ghg_category
(<Quantity(0.15, 'MEUR')>, '5.4', 15)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ...activities import ActivityLine, DataQuality
from ...units import as_quantity
from .._checks import argument_error, suggest

__all__ = ["FINANCIAL_PRODUCTS", "financed"]

#: Product types (key → (French, English) name), by the PCAF asset classes they fall in.
FINANCIAL_PRODUCTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "current_account": ("Compte courant", "Current account"),
    "savings_account": ("Livret, compte à terme", "Savings account, term deposit"),
    "regulated_savings": ("Épargne réglementée (livret A, LDDS)", "Regulated savings (livret A, LDDS)"),
    "life_insurance": ("Assurance-vie, contrat de capitalisation", "Life insurance, capitalisation contract"),
    "fund": ("Fonds (OPCVM, FCP, SICAV)", "Fund (UCITS)"),
    "solidarity_fund": ("Fonds solidaire (90/10), Finansol", "Solidarity fund (90/10)"),
    "listed_equity": ("Actions cotées", "Listed equity"),
    "corporate_bond": ("Obligations d'entreprises", "Corporate bonds"),
    "unlisted_equity": ("Parts sociales, capital non coté", "Cooperative shares, unlisted equity"),
    "loan": ("Prêt accordé", "Loan granted"),
})


def financed(amount: Any, product: str, *, factor_id: str, label: str = "",
             data_quality: DataQuality | str = DataQuality.ESTIMATED) -> list[ActivityLine]:
    r"""Financed emissions of an amount held at year end, with the product's intensity.

    Parameters
    ----------
    amount
        Outstanding amount at the end of the reporting year [EUR], e.g. ``"150000 EUR"``.
    product
        A key of :data:`FINANCIAL_PRODUCTS` (``"fund"``, ``"life_insurance"``...).
    factor_id
        The intensity of the product per amount held [kgCO2e/EUR or tCO2e/MEUR], a factor of
        the user's table citing the institution's report (SFDR "carbon footprint", PCAF).
    label
        Shown in reports (default: the product's name).
    data_quality
        How the intensity was obtained (published portfolio figures: estimated).

    Returns
    -------
    list of ActivityLine
        One scope 3 line, GHG Protocol category 15, BEGES post 5.4, ``domain="purchases"``,
        ``group="investments"``, quantity in MEUR.

    Raises
    ------
    UnitMismatchError
        When ``amount`` is not money.
    InputError
        Unknown product, or a negative amount.

    Notes
    -----
    :math:`E = A \times I` (PCAF Part A, ch. 5: attribution by amount over EVIC, summed over
    the portfolio by the institution that publishes :math:`I`).
    """
    quantity = as_quantity(amount, "[currency]", "amount", example="150000 EUR")
    if not quantity.magnitude >= 0:
        raise argument_error("amount", f"{amount!r} is negative or not a number", "an amount >= 0")
    if product not in FINANCIAL_PRODUCTS:
        raise argument_error("product", f"unknown financial product {product!r}",
                             "one of " + ", ".join(FINANCIAL_PRODUCTS), suggest(product, list(FINANCIAL_PRODUCTS)))
    name = FINANCIAL_PRODUCTS[product][1]
    return [ActivityLine(
        quantity.to("MEUR"), factor_id, label=label or name, scope=3, ghg_category=15, beges_post="5.4",
        domain="purchases", group="investments", data_quality=DataQuality(data_quality),
        note=(f"financed emissions ({name}): amount held at year end x intensity per amount invested "
              "(PCAF Part A ch. 5; SFDR carbon footprint)"))]
