"""The FHIR R4 bundle of wellness vitals: known codes, UCUM units, stable identifiers."""

from __future__ import annotations

from datetime import date

from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.io.fhir_writer import LOINC, UCUM, wellness_bundle


def _codes(resource: dict[str, object]) -> list[str]:
    code = resource["code"]
    assert isinstance(code, dict)
    return [coding["code"] for coding in code.get("coding", [])]


def test_each_vital_becomes_one_observation_with_its_loinc_code_and_unit() -> None:
    entry = WellnessEntry(
        day=date(2025, 3, 4),
        resting_hr_bpm=51.0,
        hrv_ms=48.0,
        hrv_method=HrvMethod.SDNN,
        sleep_duration_s=27000.0,
        systolic_mmhg=128,
        diastolic_mmhg=82,
        spo2_pct=97.0,
        mass_kg=70.4,
        mood_1_5=4,
    )
    bundle = wellness_bundle([entry], subject_reference="Patient/7")
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    resources = [item["resource"] for item in bundle["entry"]]
    assert [_codes(r) for r in resources] == [
        ["40443-4"],
        ["80404-7"],
        ["29463-7"],
        ["59408-5", "2708-6"],
        ["85354-9"],
        ["93832-4"],
    ]
    for resource in resources:
        assert resource["resourceType"] == "Observation" and resource["status"] == "final"
        assert resource["subject"] == {"reference": "Patient/7"}
        assert resource["effectiveDateTime"] == "2025-03-04"
        assert all(c["system"] == LOINC for c in resource["code"]["coding"])
    resting, hrv, weight, spo2, pressure, sleep = resources
    assert resting["valueQuantity"] == {
        "value": 51.0,
        "unit": "beats/minute",
        "system": UCUM,
        "code": "/min",
    }
    assert hrv["valueQuantity"]["code"] == "ms"
    assert weight["valueQuantity"]["code"] == "kg" and weight["valueQuantity"]["value"] == 70.4
    assert spo2["valueQuantity"]["code"] == "%"
    assert sleep["valueQuantity"] == {"value": 7.5, "unit": "h", "system": UCUM, "code": "h"}
    assert sleep["category"][0]["coding"][0]["code"] == "activity"
    assert resting["category"][0]["coding"][0]["code"] == "vital-signs"
    assert "valueQuantity" not in pressure
    components = {c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in pressure["component"]}
    assert components["8480-6"]["value"] == 128 and components["8462-4"]["value"] == 82
    assert components["8480-6"]["code"] == "mm[Hg]"


def test_rmssd_has_a_text_code_and_identifiers_are_stable_and_distinct() -> None:
    entries = [
        WellnessEntry(day=date(2025, 3, 4), hrv_ms=62.0, hrv_method=HrvMethod.RMSSD),
        WellnessEntry(
            day=date(2025, 3, 4), source="garmin", hrv_ms=60.0, hrv_method=HrvMethod.RMSSD
        ),
        WellnessEntry(day=date(2025, 3, 5), systolic_mmhg=120),  # half a pressure: left out
    ]
    bundle = wellness_bundle(entries, subject_reference="Patient/1")
    assert len(bundle["entry"]) == 2
    first = bundle["entry"][0]["resource"]
    assert "coding" not in first["code"] and "RMSSD" in first["code"]["text"]
    urls = [item["fullUrl"] for item in bundle["entry"]]
    assert len(set(urls)) == 2 and all(url.startswith("urn:uuid:") for url in urls)
    assert urls == [
        i["fullUrl"] for i in wellness_bundle(entries, subject_reference="Patient/1")["entry"]
    ]
    assert wellness_bundle([], subject_reference="Patient/1")["entry"] == []
