"""Wellness vitals as a FHIR R4 ``Bundle`` (type ``collection``) of ``Observation`` resources.

Codes are LOINC, units UCUM. Resting heart rate 40443-4; HRV measured as SDNN 80404-7
("R-R interval.standard deviation"); LOINC has no code for RMSSD, so RMSSD values carry a text
code only; body weight 29463-7; SpO2 59408-5 (pulse oximetry) with 2708-6; blood pressure as
the panel 85354-9 with systolic 8480-6 and diastolic 8462-4 components; sleep duration 93832-4.
A day becomes ``effectiveDateTime`` as a FHIR date (``YYYY-MM-DD``, a valid dateTime).
Entries are identified by ``urn:uuid`` values derived from their content, so the same data
always gives the same bundle.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.units import seconds_to_hours

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
_NAMESPACE = uuid.UUID("0f7c2d52-4a1e-5c1b-9a51-7d0f2f6c1e0a")

Json = dict[str, Any]


def wellness_bundle(entries: Iterable[WellnessEntry], *, subject_reference: str) -> Json:
    """One Observation per measured vital of each entry, in entry order."""
    bundle_entries: list[Json] = []
    for entry in entries:
        for observation in _observations(entry, subject_reference):
            url = _full_url(subject_reference, entry.source, observation)
            bundle_entries.append({"fullUrl": url, "resource": observation})
    return {"resourceType": "Bundle", "type": "collection", "entry": bundle_entries}


def _observations(entry: WellnessEntry, subject: str) -> list[Json]:
    found: list[tuple[str, Json, Json]] = []
    day = entry.day.isoformat()
    if entry.resting_hr_bpm is not None:
        code = _loinc("40443-4", "Heart rate --resting")
        found.append(_single(code, entry.resting_hr_bpm, "/min", "beats/minute"))
    if entry.hrv_ms is not None and entry.hrv_method is not None:
        found.append(_single(_hrv_code(entry.hrv_method), entry.hrv_ms, "ms", "ms"))
    if entry.mass_kg is not None:
        found.append(_single(_loinc("29463-7", "Body weight"), entry.mass_kg, "kg", "kg"))
    if entry.spo2_pct is not None:
        code = {
            "coding": [
                _coding("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
                _coding("2708-6", "Oxygen saturation in Arterial blood"),
            ]
        }
        found.append(_single(code, entry.spo2_pct, "%", "%"))
    if entry.systolic_mmhg is not None and entry.diastolic_mmhg is not None:
        found.append(_blood_pressure(entry.systolic_mmhg, entry.diastolic_mmhg))
    if entry.sleep_duration_s is not None:
        hours = round(seconds_to_hours(entry.sleep_duration_s), 3)
        found.append(_single(_loinc("93832-4", "Sleep duration"), hours, "h", "h", "activity"))
    return [
        {
            "resourceType": "Observation",
            "status": "final",
            "category": [_category(category)],
            "code": code,
            "subject": {"reference": subject},
            "effectiveDateTime": day,
            **value,
        }
        for category, code, value in found
    ]


def _single(
    code: Json, value: float, ucum: str, unit: str, category: str = "vital-signs"
) -> tuple[str, Json, Json]:
    return category, code, {"valueQuantity": _quantity(value, ucum, unit)}


def _blood_pressure(systolic: int, diastolic: int) -> tuple[str, Json, Json]:
    code = _loinc("85354-9", "Blood pressure panel with all children optional")
    return (
        "vital-signs",
        code,
        {
            "component": [
                {
                    "code": _loinc("8480-6", "Systolic blood pressure"),
                    "valueQuantity": _quantity(systolic, "mm[Hg]", "mmHg"),
                },
                {
                    "code": _loinc("8462-4", "Diastolic blood pressure"),
                    "valueQuantity": _quantity(diastolic, "mm[Hg]", "mmHg"),
                },
            ],
        },
    )


def _hrv_code(method: HrvMethod) -> Json:
    match method:
        case HrvMethod.SDNN:
            return _loinc("80404-7", "R-R interval.standard deviation (Heart rate variability)")
        case HrvMethod.RMSSD:
            return {"text": "Heart rate variability, RMSSD"}


def _quantity(value: float, ucum: str, unit: str) -> Json:
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum}


def _loinc(code: str, display: str) -> Json:
    return {"coding": [_coding(code, display)], "text": display}


def _coding(code: str, display: str) -> Json:
    return {"system": LOINC, "code": code, "display": display}


def _category(code: str) -> Json:
    display = {"vital-signs": "Vital Signs", "activity": "Activity"}[code]
    return {"coding": [{"system": CATEGORY_SYSTEM, "code": code, "display": display}]}


def _full_url(subject: str, source: str, observation: Json) -> str:
    code = observation["code"]
    key = code["coding"][0]["code"] if "coding" in code else code["text"]
    name = f"{subject}|{observation['effectiveDateTime']}|{source}|{key}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"
