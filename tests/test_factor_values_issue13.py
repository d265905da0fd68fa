"""Values cited from ADEME's Base Carbone® V23.6 export for issue 13 (points 3 and 5).

Each test states the element id, its value and the unit printed in the export (columns
« Identifiant de l'élément », « Total poste non décomposé », « Unité français », « Incertitude »,
and the posts' rows « Type poste »). These elements were read in a copy of the export, not in the
publication itself, so the factors carry ``verified: false`` until checked on
base-empreinte.ademe.fr; the tests pin the values and ids the tables cite.
"""

from __future__ import annotations

import pytest

import coopcarbon as cc
from coopcarbon.domains import buildings
from coopcarbon.engine import compute_lines

from .helpers import factor

LIB = cc.load_factors()


def test_natural_gas_2022_per_kwh_pcs_element_37133() -> None:
    # Element 37133 « Gaz naturel - 2022, mix moyen, consommation », kgCO2e/kWh PCS, Incertitude 5 %:
    # total 0.215 (CO2f 0.205, CH4f 0.0101); posts Combustion 0.181 (CO2f 0.181), Amont 0.0344
    # (CO2f 0.0243, CH4f 0.0101).
    whole = LIB["energy.gas.natural.ademe_37133"]
    factor(LIB, whole.id, 0.215, "kgCO2e/kWh")
    assert (whole.basis, whole.pcs_pci_ratio, whole.year) == ("PCS", 1.111, 2022)
    assert (whole.source_key, whole.source_id, whole.verified) == ("ADEME-BC-23", "37133", False)
    assert whole.uncertainty == 0.05
    assert dict(whole.gases) == {"CO2f": 0.205, "CH4f": 0.0101}
    assert [(p.kind, p.value) for p in whole.parts] == [("Combustion", 0.181), ("Amont", 0.0344)]
    burnt, upstream = LIB["energy.gas.natural.combustion"], LIB["energy.gas.natural.upstream"]
    factor(LIB, burnt.id, 0.181, "kgCO2e/kWh")
    factor(LIB, upstream.id, 0.0344, "kgCO2e/kWh")
    assert (burnt.source_id, upstream.source_id) == ("37133, poste Combustion", "37133, poste Amont")
    assert (burnt.scope, burnt.beges_post) == (1, "1.1")
    assert (upstream.scope, upstream.ghg_category, upstream.beges_post) == (3, 3, "4.1")
    assert dict(upstream.gases) == {"CO2f": 0.0243, "CH4f": 0.0101}
    assert burnt.basis == upstream.basis == "PCS"


def test_natural_gas_2022_per_kwh_pci_element_37132() -> None:
    # Element 37132, the same gas per kWh PCI: 0.239 = Combustion 0.201 + Amont 0.0382, ±5 %.
    pci = LIB["energy.gas.natural.ademe_37132"]
    factor(LIB, pci.id, 0.239, "kgCO2e/kWh")
    assert (pci.basis, pci.source_id, pci.uncertainty) == ("PCI", "37132", 0.05)
    assert [(p.kind, p.value) for p in pci.parts] == [("Combustion", 0.201), ("Amont", 0.0382)]
    # The PCI and PCS elements differ by the table's PCS/PCI ratio, to the export's 3 figures.
    assert pci.magnitude / LIB["energy.gas.natural.ademe_37133"].magnitude == pytest.approx(1.111, abs=0.002)


def test_a_gas_bill_books_combustion_in_scope_1_and_upstream_in_post_4_1() -> None:
    # 10 000 kWh PCS: 10 000 × 0.181 = 1 810 kgCO2e in post 1.1, 10 000 × 0.0344 = 344 in post 4.1.
    emissions = compute_lines(buildings.heating("10000 kWh", "natural_gas"), LIB)
    assert {e.beges_post: e.kg for e in emissions} == pytest.approx({"1.1": 1810.0, "4.1": 344.0})
    assert {e.beges_post: e.scope for e in emissions} == {"1.1": 1, "4.1": 3}


@pytest.mark.parametrize(("factor_id", "element", "value"), [
    ("energy.electricity.fr.mix_2023", "43273", 0.058),   # Electricité 2023 - mix moyen, consommation
    ("energy.electricity.fr.mix_2024", "43642", 0.0519),  # Electricité 2024 - mix moyen, consommation
])
def test_french_mix_elements(factor_id: str, element: str, value: float) -> None:
    # kgCO2e/kWh, France continentale, Incertitude 10 %.
    f = LIB[factor_id]
    factor(LIB, factor_id, value, "kgCO2e/kWh")
    assert (f.source_key, f.source_id, f.uncertainty) == ("ADEME-BE", element, 0.1)


@pytest.mark.parametrize(("factor_id", "posts"), [
    # posts Combustion à la centrale, Amont, Transport et distribution of elements 42513, 43273, 43642
    ("energy.electricity.fr.mix_2022", (0.0338, 0.0135, 0.00474)),
    ("energy.electricity.fr.mix_2023", (0.0394, 0.0133, 0.0053)),
    ("energy.electricity.fr.mix_2024", (0.035, 0.0131, 0.0038)),
])
def test_french_mix_posts(factor_id: str, posts: tuple[float, float, float]) -> None:
    f = LIB[factor_id]
    assert [(p.kind, p.value) for p in f.parts] == list(zip(
        ("Combustion à la centrale", "Amont", "Transport et distribution"), posts, strict=True))
    # the posts add up to the element's total at its three significant figures
    assert sum(posts) == pytest.approx(f.magnitude, abs=0.00051)


@pytest.mark.parametrize(("factor_id", "element", "value", "uncertainty"), [
    ("hardware.monitor.21_5in.legacy", "27005", 222.0, None),   # Ecran, 21,5 pouces, kgCO2e/unité
    ("hardware.monitor.23_8in.ademe_27006", "27006", 248.0, 0.5),  # Ecran, 23,8 pouces, 50 %
    ("hardware.server.ademe_20894", "20894", 600.0, 0.8),  # Serveurs informatiques, kgCO2e/appareil, 80 %
])
def test_device_elements(factor_id: str, element: str, value: float, uncertainty: float | None) -> None:
    f = LIB[factor_id]
    factor(LIB, factor_id, value, "kgCO2e/device")
    assert (f.source_key, f.source_id, f.verified) == ("ADEME-BC-23", element, False)
    if uncertainty is not None:
        assert f.uncertainty == uncertainty


@pytest.mark.parametrize(("parameter_id", "element", "value"), [
    ("buildings.parameter.office_heating_intensity.gas_ademe_23732", "23732", 177.0),
    ("buildings.parameter.office_heating_intensity.fuel_oil_ademe_23784", "23784", 248.0),
])
def test_office_heating_per_m2_elements(parameter_id: str, element: str, value: float) -> None:
    # « Tertiaire, bureaux — consommation moyenne annuelle — chauffage », kWh/(m².an), ±30 %.
    p = LIB.parameter(parameter_id)
    assert p.value.to("kWh/m**2/year").magnitude == pytest.approx(value)
    assert (p.source_id, p.uncertainty) == (element, 0.3)


@pytest.mark.parametrize(("factor_id", "element", "posts"), [
    # Avion passagers, 101-220 sièges, 2023, AVEC traînées, kgCO2e/passager.km: posts Amont, Combustion,
    # Emissions fugitives (traînées de condensation), Fabrication.
    ("mobility.plane.short_haul.with_contrails", "43743", (0.0222, 0.101, 0.101, 0.000372)),  # 500-1000 km
    ("mobility.plane.medium_haul.with_contrails", "43741", (0.0183, 0.083, 0.083, 0.000361)),  # 1000-2000 km
    ("mobility.plane.medium_long_haul.with_contrails", "43747", (0.0165, 0.075, 0.075, 0.000294)),  # 2000-5000
])
def test_plane_factors_are_the_sums_of_their_elements_posts(factor_id: str, element: str,
                                                            posts: tuple[float, ...]) -> None:
    # The elements print totals 0.225, 0.185 and 0.167 (three figures); the factors are the exact
    # sums of the posts; without contrails, the same sum less the contrails post.
    f = LIB[factor_id]
    assert f.source_id == element
    factor(LIB, factor_id, sum(posts), "kgCO2e/passenger_km")
    without = LIB[factor_id.replace("with_contrails", "without_contrails")]
    assert without.value.magnitude == pytest.approx(sum(posts) - posts[2], rel=1e-9)


@pytest.mark.parametrize(("factor_id", "element", "value", "unit", "posts"), [
    # « Voiture, motorisation <fuel>, 2023 », kgCO2e/km (per vehicle-km), ±60 %:
    # posts Combustion, Amont (fuel), Fabrication (vehicle)
    ("mobility.car.petrol.ademe_43787", "43787", 0.357, "kgCO2e/vehicle_km", (0.24, 0.0767, 0.041)),
    ("mobility.car.diesel.ademe_43788", "43788", 0.19, "kgCO2e/vehicle_km", (0.112, 0.0372, 0.041)),
    ("mobility.car.average.ademe_43791", "43791", 0.256, "kgCO2e/vehicle_km", (0.161, 0.0532, 0.041)),
    # « Voiture <fuel>, mixte, 2023 », kgCO2e/passager.km, ±60 %
    ("mobility.car.petrol.ademe_43797.per_pkm", "43797", 0.238, "kgCO2e/passenger_km", (0.161, 0.0513, 0.0256)),
    ("mobility.car.diesel.ademe_43800.per_pkm", "43800", 0.119, "kgCO2e/passenger_km", (0.0697, 0.0234, 0.0256)),
    ("mobility.car.average.ademe_43809.per_pkm", "43809", 0.16, "kgCO2e/passenger_km", (0.101, 0.0333, 0.0256)),
])
def test_car_elements_2023(factor_id: str, element: str, value: float, unit: str,
                           posts: tuple[float, float, float]) -> None:
    f = LIB[factor_id]
    factor(LIB, factor_id, value, unit)
    assert (f.source_key, f.source_id, f.year, f.uncertainty) == ("ADEME-BC-23", element, 2023, 0.6)
    assert [(p.kind, p.value) for p in f.parts] == list(zip(("Combustion", "Amont", "Fabrication"), posts,
                                                            strict=True))
    assert sum(posts) == pytest.approx(value, abs=0.0011)  # the element's total, three figures


@pytest.mark.parametrize(("factor_id", "key", "grams"), [
    # RTE, Bilan électrique, chapter « Émissions »: gCO2eq per kWh produced in France over the year
    ("energy.electricity.fr.rte_annual_2023", "RTE-BE-2023", 32.0),
    ("energy.electricity.fr.rte_annual_2024", "RTE-BE-2024", 21.7),
])
def test_french_grid_annual_value_beside_the_smoothed_mix(factor_id: str, key: str, grams: float) -> None:
    f = LIB[factor_id]
    assert f.value.to("gCO2e/kWh").magnitude == pytest.approx(grams)
    assert (f.source_key, f.verified, f.scope, f.beges_post) == (key, True, 2, "2.1")
    # the smoothed ADEME mix of the same year stays the location-based factor
    year = f.year
    assert LIB[f"energy.electricity.fr.mix_{year}"].magnitude > f.magnitude
