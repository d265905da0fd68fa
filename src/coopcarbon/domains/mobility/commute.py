"""Commuting from a survey, and the home energy of telework days, as activity lines."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...activities import ActivityLine, DataQuality
from ...units import Q, as_quantity, is_quantity
from .._checks import argument_error as _error
from .._checks import check_number, scalar
from .._checks import fmt as _fmt
from .._checks import library_or_default as _library
from .modes import (
    COMMUTE_CATEGORIES,
    DEFAULT_WEEKS_PER_YEAR,
    MODES,
    TELEWORK_PARAMETER,
    canonical_mode,
    car_factor_id,
    car_parts,
    distance_km,
    is_car_mode,
    user_factor_id,
)

if TYPE_CHECKING:
    import pint

    from ...factors.library import FactorLibrary


# --------------------------------------------------------------------------------------
# commuting and telework

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommuteRespondent:
    """One answer (or one group of identical answers) of a commute survey.

    Parameters
    ----------
    mode
        Main mode, a key of :data:`MODES` (``"car"``, ``"train.ter"``, ``"bike"``...), or the
        id of a factor per passenger_km from a user table (``"custom.bus.ligne_t75"``).
    one_way_distance
        Home to workplace distance [km] (``"12 km"``).
    days_on_site_per_week
        Days a week the person travels to the workplace [day/week], 0 to 7.
    weeks_per_year
        Weeks worked a year (default :data:`DEFAULT_WEEKS_PER_YEAR` = 46).
    telework_days_per_week
        Days a week worked from home [day/week]; on-site plus telework days ≤ 7.
    count
        Number of people this answer stands for (a group), ≥ 1.
    occupants
        Car modes: people in the car (carpooling when > 1); each person is charged
        ``1 / occupants`` of the car's distance.
    fuel, size
        Car modes: overrides the fuel and size of ``mode`` (``mode="car", fuel="diesel"``).
    """

    mode: str
    one_way_distance: Any
    days_on_site_per_week: float
    weeks_per_year: float = DEFAULT_WEEKS_PER_YEAR
    telework_days_per_week: float = 0.0
    count: float = 1
    occupants: int = 1
    fuel: str | None = None
    size: str | None = None
    _distance_km: float = field(init=False, repr=False, compare=False, default=0.0)
    _factor_id: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        custom = user_factor_id(self.mode)
        mode = canonical_mode(self.mode) if custom is None else self.mode
        if mode == "plane":
            raise _error("mode", "a plane is not a commute mode",
                         "a ground mode such as 'train.ter'")
        object.__setattr__(self, "mode", mode)
        km = distance_km(self.one_way_distance, "one_way_distance")
        object.__setattr__(self, "_distance_km", km)
        object.__setattr__(self, "one_way_distance", Q(km, "km"))
        on_site = check_number(self.days_on_site_per_week, "days_on_site_per_week", maximum=7,
                          expected="days per week between 0 and 7")
        remote = check_number(self.telework_days_per_week, "telework_days_per_week", maximum=7,
                         expected="days per week between 0 and 7")
        if on_site + remote > 7:
            raise _error("telework_days_per_week",
                         f"{on_site:g} days on site + {remote:g} telework days > 7 days a week",
                         "days on site + telework days <= 7")
        check_number(self.weeks_per_year, "weeks_per_year", maximum=53,
                expected="weeks between 0 and 53")
        check_number(self.count, "count", minimum=0, allow_minimum=False,
                expected="a number of people > 0 (fractions arise in scenarios)")
        check_number(self.occupants, "occupants", minimum=1, expected="a number of occupants >= 1")
        if custom is not None:
            if self.fuel is not None or self.size is not None or self.occupants != 1:
                raise _error("mode", f"fuel, size and occupants do not apply to the user factor {custom!r}",
                             "a factor per passenger_km, without fuel, size or occupants")
            factor_id = custom
        elif is_car_mode(mode):
            fuel, size = car_parts(mode)
            factor_id = car_factor_id(self.fuel or fuel, self.size or size)
        else:
            if self.fuel is not None or self.size is not None or self.occupants != 1:
                raise _error("mode", f"fuel, size and occupants apply to cars, not {mode!r}",
                             "mode='car' (or 'car.diesel'...) with fuel, size or occupants")
            factor_id = MODES[mode]
        object.__setattr__(self, "_factor_id", factor_id)

    @property
    def factor_id(self) -> str:
        """Factor id of this respondent's mode (per vehicle_km for cars, else passenger_km)."""
        return self._factor_id

    @property
    def is_car(self) -> bool:
        """Whether the mode is a car (counted per vehicle)."""
        return self._factor_id.startswith("mobility.car.")

    def annual_distance(self, days_per_week: float | None = None) -> pint.Quantity[Any]:
        r"""Yearly commute distance of the group [passenger_km, or vehicle_km for cars].

        :math:`2 \times d \times days \times weeks \times count` (÷ occupants for cars);
        ``days_per_week`` defaults to the days on site.
        """
        days = self.days_on_site_per_week if days_per_week is None else days_per_week
        km = 2.0 * self._distance_km * float(days) * float(self.weeks_per_year) * float(self.count)
        if self.is_car:
            return Q(km / float(self.occupants), "vehicle_km")
        return Q(km, "passenger_km")


def _respondents(respondents: Iterable[CommuteRespondent]) -> list[CommuteRespondent]:
    items = list(respondents)
    for i, r in enumerate(items):
        if not isinstance(r, CommuteRespondent):
            raise _error(f"respondents[{i}]", f"{type(r).__name__} is not a CommuteRespondent",
                         "CommuteRespondent(mode=..., one_way_distance=..., "
                         "days_on_site_per_week=...)")
    if not items:
        raise _error("respondents", "no respondent", "at least one CommuteRespondent")
    return items


def _extrapolation(items: Sequence[CommuteRespondent], headcount: Any) -> tuple[float, str]:
    """(ratio, note) of extrapolating the respondents to the headcount."""
    answered = sum(float(r.count) for r in items)
    if headcount is None:
        return 1.0, ""
    total = check_number(headcount, "headcount", minimum=0, allow_minimum=False,
                    expected="the number of employees (> 0)")
    if answered > total:
        raise _error("headcount", f"{answered:g} respondents for a headcount of {total:g} "
                     "(answer rate above 100 %)", "headcount >= number of respondents")
    ratio = total / answered
    if ratio == 1.0:
        return 1.0, f"all {total:g} employees answered"
    logger.info("commute survey extrapolated ×%.2f from %g of %g employees", ratio, answered, total)
    return ratio, f"extrapolated ×{ratio:.2f} from {answered:g} of {total:g} employees"


def commute(
    respondents: Iterable[CommuteRespondent],
    headcount: float | None = None,
    *,
    label: str = "",
    data_quality: DataQuality = DataQuality.ESTIMATED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Activity lines of employees' commuting, from a survey, extrapolated to the headcount.

    Parameters
    ----------
    respondents
        Survey answers (:class:`CommuteRespondent`, one per person or per group).
    headcount
        Employees of the company [person]. When larger than the number of respondents, the
        lines are scaled by ``headcount / respondents`` and marked EXTRAPOLATED; the note
        states the ratio. ``None``: no extrapolation.
    label
        Prefix of the line labels (default ``"Commute"``).
    data_quality
        Quality of the answers when not extrapolated (default ESTIMATED: declared figures).
    site
        Free text.

    Returns
    -------
    list[ActivityLine]
        One line per factor (mode), GHG category 7, BEGES post 3.3, group ``"commute"``.

    Raises
    ------
    InputError
        No respondent, or more respondents than the headcount (answer rate above 100 %).

    Notes
    -----
    Yearly distance of an answer :math:`= 2 \times d_{one\,way} \times days_{site/week}
    \times weeks_{year} \times count`, in passenger_km, or in vehicle_km ÷ occupants for
    cars (a carpool is counted once). Extrapolation multiplies every line by
    :math:`headcount / \sum count`: it assumes non-respondents commute like respondents.
    Telework days are not commuting days: see :func:`telework` and :func:`avoided_commute`.
    """
    items = _respondents(respondents)
    ratio, extrapolation = _extrapolation(items, headcount)
    quality = DataQuality.EXTRAPOLATED if ratio != 1.0 else data_quality
    totals: dict[str, float] = {}
    people: dict[str, float] = {}
    units: dict[str, str] = {}
    for r in items:
        q = r.annual_distance()
        totals[r.factor_id] = totals.get(r.factor_id, 0.0) + float(q.magnitude)
        people[r.factor_id] = people.get(r.factor_id, 0.0) + float(r.count)
        units[r.factor_id] = str(q.units)
    lines = []
    for factor_id, total in totals.items():
        mode = factor_id.removeprefix("mobility.")
        note = (f"survey: {people[factor_id]:g} respondent(s); 2 × one-way distance × days on site"
                " × weeks a year" + ("; cars per vehicle_km ÷ occupants" if factor_id.startswith(
                    "mobility.car.") else ""))
        if extrapolation:
            note += f"; {extrapolation}"
        lines.append(ActivityLine(Q(total * ratio, units[factor_id]), factor_id,
                                  label=f"{label or 'Commute'} — {mode}", domain="mobility",
                                  data_quality=quality, note=note, site=site, **COMMUTE_CATEGORIES))
    return lines


def telework_days(
    respondents: Iterable[CommuteRespondent], headcount: float | None = None
) -> float:
    r"""Telework days a year of the surveyed employees, extrapolated to the headcount [day].

    :math:`\sum telework_{days/week} \times weeks_{year} \times count`, times
    ``headcount / respondents`` when ``headcount`` is given (see ``commute``).
    """
    items = _respondents(respondents)
    ratio, _ = _extrapolation(items, headcount)
    return ratio * sum(float(r.telework_days_per_week) * float(r.weeks_per_year) * float(r.count)
                       for r in items)


def telework(
    days: Any,
    *,
    headcount: float | None = None,
    electricity: str = "energy.electricity.fr.mix_2024",
    library: FactorLibrary | None = None,
    label: str = "",
    data_quality: DataQuality = DataQuality.ESTIMATED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Extra home energy of telework days, as an electricity activity line (scope 3, cat. 7).

    Parameters
    ----------
    days
        Telework days a year [day]: a number, a quantity (``"180 day"``), or survey answers
        (:class:`CommuteRespondent`, summed by :func:`telework_days` with ``headcount``).
    headcount
        With survey answers: extrapolate to this headcount (see ``commute``).
    electricity
        Factor id the home energy is converted with (default the French 2024 mix).
    library
        Factor library holding the parameter ``mobility.parameter.telework_home_energy``
        (default :func:`coopcarbon.load_factors`).
    label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        One line in kWh with the ``electricity`` factor, GHG category 7, BEGES post 3.3,
        group ``"telework"``.

    Notes
    -----
    Home energy :math:`E = days \times e`, with :math:`e` = 1.4 kWh per telework day, the
    extra home consumption measured by ADEME and IFPEB in winter 2022-23 (the convention
    the Plan Carbone Général cites). That figure mixes electricity and gas meters; valuing it
    all with the electricity factor is coopcarbon's convention (stated in the line's note),
    not the study's. It is a heating-season figure, so it overstates a whole year.
    Telework changes nothing but the commute: the avoided travel is
    :func:`avoided_commute`, never subtracted from other lines.

    References
    ----------
    .. [1] ADEME & IFPEB, "Bilan énergétique du télétravail" (ministry page "Étude sur le
       télétravail : un bilan énergétique positif", 2023-04-12).
    """
    if isinstance(days, (list, tuple)) and days and isinstance(days[0], CommuteRespondent):
        n_days = telework_days(days, headcount)
        how = "telework days from the commute survey"
        if headcount is not None:
            how += f" ({_extrapolation(_respondents(days), headcount)[1]})"
    else:
        if headcount is not None:
            raise _error("headcount", "headcount applies to survey answers only",
                         "days as CommuteRespondent answers, or no headcount")
        if isinstance(days, str) or is_quantity(days):
            checked = as_quantity(days, "[time]", "days", example="180 day")
            n_days = scalar(checked.to("day"), "days")
        else:
            n_days = check_number(days, "days", expected="telework days a year (>= 0)")
        how = "telework days given"
    lib = _library(library)
    per_day = lib.parameter(TELEWORK_PARAMETER).value
    import pint  # lazy start-up: the registry is built by now (the parameter's value)

    try:
        kwh = float((Q(n_days, "day") * per_day).to("kWh").magnitude)
    except pint.DimensionalityError:  # a parameter written per telework day, in kWh
        kwh = n_days * float(per_day.to("kWh").magnitude)
    note = (f"{how}: {_fmt(n_days)} days × {per_day:~P} "
            "(ADEME/IFPEB 2023, electricity + gas at home, "
            f"valued with {electricity}: coopcarbon convention)")
    return [ActivityLine(Q(kwh, "kWh"), electricity, label=label or "Telework — extra home energy",
                         scope=3, ghg_category=7, beges_post="3.3", domain="mobility",
                         data_quality=data_quality, note=note, site=site, group="telework")]


def avoided_commute(respondent: CommuteRespondent) -> pint.Quantity[Any]:
    r"""Commute distance a year that the respondent's telework days avoid.

    Parameters
    ----------
    respondent
        A survey answer with ``telework_days_per_week``.

    Returns
    -------
    pint.Quantity
        Avoided distance [passenger_km, or vehicle_km ÷ occupants for cars], with the factor
        ``respondent.factor_id``. An avoided emission: report it beside the bilan, never
        subtract it from the total.

    Notes
    -----
    :math:`2 \times d_{one\,way} \times telework_{days/week} \times weeks \times count`.
    Only the commute is avoided: no other travel (business trips, errands, trips that
    telework itself causes) is changed. ADEME (2020) estimates these rebound effects
    reduce the benefit by about a third; coopcarbon does not model them.

    References
    ----------
    .. [1] ADEME, "Caractérisation des effets rebond induits par le télétravail" (2020).
    """
    if not isinstance(respondent, CommuteRespondent):
        raise _error("respondent", f"{type(respondent).__name__} is not a CommuteRespondent",
                     "a CommuteRespondent")
    return respondent.annual_distance(respondent.telework_days_per_week)
