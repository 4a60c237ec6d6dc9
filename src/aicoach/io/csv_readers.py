"""Readers for the three aicoach CSV formats: manual sessions, daily wellness, activity samples.

The formats are documented for users in ``docs/csv-formats.md``. Common rules: UTF-8 (a byte
order mark is allowed), comma separated, a header row first, column names case-insensitive.
A column the format does not know is an error naming it, so a typo is never silently ignored.
Any bad cell refuses the whole file with an error that names the line and the column; the
caller stores nothing. Activity samples outside plausible limits are the one exception: like
device files, they become missing samples and ``ParsedFile.recovered`` says so.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import BinaryIO, Literal

import numpy as np

from aicoach.domain import (
    Activity,
    HrvMethod,
    ManualSession,
    ParsedFile,
    Sport,
    StreamChannel,
    WellnessEntry,
)
from aicoach.errors import CorruptFileError, DataError, EmptyFileError, UnsupportedFormatError
from aicoach.io.plausibility import (
    SESSION_LIMITS,
    WELLNESS_LIMITS,
    Limits,
    mask_implausible_samples,
    require_plausible,
)
from aicoach.io.stream_builder import StreamBuilder
from aicoach.units import hours_to_seconds, km_to_m, minutes_to_seconds

CsvKind = Literal["sessions", "wellness", "activity"]

CSV_FORMAT = "csv"
"""``ParsedFile.format`` and ``Activity.source_format`` of everything read here."""

SESSION_COLUMNS = ("date", "sport", "duration_min", "rpe", "distance_km", "notes")
SESSION_REQUIRED = ("date", "sport", "duration_min", "rpe")

WELLNESS_COLUMNS = (
    "date",
    "resting_hr_bpm",
    "hrv_rmssd_ms",
    "hrv_sdnn_ms",
    "sleep_h",
    "sleep_quality_1_5",
    "systolic_mmhg",
    "diastolic_mmhg",
    "spo2_pct",
    "mass_kg",
    "vo2max_ml_kg_min",
    "mood_1_5",
    "soreness_1_5",
    "stress_1_5",
    "fatigue_1_5",
    "illness",
    "notes",
)
WELLNESS_REQUIRED = ("date",)

ACTIVITY_SAMPLE_CHANNELS = tuple(c for c in StreamChannel if c is not StreamChannel.TIME_S)
ACTIVITY_COLUMNS = ("timestamp", "sport", *(c.value for c in ACTIVITY_SAMPLE_CHANNELS))
ACTIVITY_REQUIRED = ("timestamp",)

SPORT_ALIASES: dict[str, Sport] = {
    "run": Sport.RUNNING,
    "ride": Sport.CYCLING,
    "bike": Sport.CYCLING,
    "cycle": Sport.CYCLING,
    "swim": Sport.SWIMMING,
    "walk": Sport.WALKING,
    "hike": Sport.HIKING,
    "row": Sport.ROWING,
    "gym": Sport.STRENGTH,
    "weights": Sport.STRENGTH,
    "xc_ski": Sport.CROSS_COUNTRY_SKIING,
}

_TRUE_WORDS = frozenset({"yes", "true", "1", "y"})
_FALSE_WORDS = frozenset({"no", "false", "0", "n"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADER_LINE = 1

# Wellness columns read as plain numbers: column -> (WellnessEntry field, whole number?).
_WELLNESS_NUMBERS: dict[str, tuple[str, bool]] = {
    "resting_hr_bpm": ("resting_hr_bpm", False),
    "spo2_pct": ("spo2_pct", False),
    "mass_kg": ("mass_kg", False),
    "vo2max_ml_kg_min": ("vo2max_ml_kg_min", False),
    "sleep_quality_1_5": ("sleep_quality_1_5", True),
    "mood_1_5": ("mood_1_5", True),
    "soreness_1_5": ("soreness_1_5", True),
    "stress_1_5": ("stress_1_5", True),
    "fatigue_1_5": ("fatigue_1_5", True),
}


# ---------------------------------------------------------------------------------------------
# Public readers


def detect_csv_kind(header: list[str]) -> CsvKind | None:
    """Guess the format from header names alone (case-insensitive); ``None`` if it fits none.

    ``timestamp`` means activity samples; otherwise ``date`` with any of ``sport``,
    ``duration_min`` or ``rpe`` means sessions, and any other header with ``date`` means
    wellness. Detection is lenient on purpose: a file with a misspelt column is still detected,
    so that its reader can name the bad column.
    """
    names = {_normalise_name(name) for name in header}
    if "timestamp" in names:
        return "activity"
    if "date" not in names:
        return None
    if names & {"sport", "duration_min", "rpe"}:
        return "sessions"
    return "wellness"


def read_csv(stream: BinaryIO, source: str) -> ParsedFile:
    """Read any of the three formats, chosen by ``detect_csv_kind`` on the header."""
    table = _CsvTable.open(stream, source)
    kind = detect_csv_kind(table.columns)
    if kind is None:
        raise UnsupportedFormatError(
            "the header matches no aicoach CSV format: sessions need 'date,sport,duration_min,"
            "rpe', wellness needs 'date' and a measurement column such as 'resting_hr_bpm', "
            "activity samples need 'timestamp'",
            source=source,
            line=_HEADER_LINE,
        )
    return _READERS[kind](table)


def read_sessions_csv(stream: BinaryIO, source: str) -> ParsedFile:
    """Read manual training sessions: ``date,sport,duration_min,rpe[,distance_km,notes]``."""
    return _read_sessions(_CsvTable.open(stream, source))


def read_wellness_csv(stream: BinaryIO, source: str) -> ParsedFile:
    """Read one row of wellness measurements per local date (see ``WELLNESS_COLUMNS``)."""
    return _read_wellness(_CsvTable.open(stream, source))


def read_activity_csv(stream: BinaryIO, source: str) -> ParsedFile:
    """Read one activity given as timestamped samples (see ``ACTIVITY_COLUMNS``)."""
    return _read_activity(_CsvTable.open(stream, source))


# ---------------------------------------------------------------------------------------------
# The table: decoding, header, rows


@dataclass(frozen=True, slots=True)
class _Row:
    """One data row: its 1-based file line and its non-empty cells by lower-case column."""

    source: str
    line: int
    cells: dict[str, str]

    def error(self, column: str, message: str) -> DataError:
        return DataError(message, source=self.source, line=self.line, field=column)

    def text(self, column: str) -> str | None:
        return self.cells.get(column)

    def required_text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            raise self.error(column, f"'{column}' is required but the cell is empty")
        return value

    def number(self, column: str) -> float | None:
        text = self.cells.get(column)
        return None if text is None else _parse_number(self, column, text)

    def required_number(self, column: str) -> float:
        return _parse_number(self, column, self.required_text(column))

    def whole_number(self, column: str) -> int | None:
        value = self.number(column)
        if value is None:
            return None
        if not value.is_integer():
            raise self.error(column, f"expected a whole number, got '{self.cells[column]}'")
        return int(value)

    def iso_date(self, column: str) -> date:
        text = self.required_text(column)
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(column, f"expected a date as YYYY-MM-DD, got '{text}'") from None

    def flag(self, column: str) -> bool | None:
        text = self.cells.get(column)
        if text is None:
            return None
        word = text.lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise self.error(column, f"expected yes/no, true/false or 1/0, got '{text}'")

    def plausible(
        self, limits: dict[str, Limits], name: str, value: float | None, column: str
    ) -> None:
        require_plausible(
            limits, name, value, source=self.source, line=self.line, field_label=column
        )


def _parse_number(row: _Row, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        hint = " (use a dot as the decimal separator)" if "," in text else ""
        raise row.error(column, f"expected a number, got '{text}'{hint}") from None
    if not math.isfinite(value):
        raise row.error(column, f"expected a finite number, got '{text}'")
    return value


class _CsvTable:
    """A CSV file opened for reading: its normalised header and a lazy iterator of rows."""

    def __init__(self, source: str, columns: list[str], reader: Iterator[list[str]]) -> None:
        self.source = source
        self.columns = columns
        self._reader = reader

    @classmethod
    def open(cls, stream: BinaryIO, source: str) -> _CsvTable:
        reader = csv.reader(_decoded_lines(stream, source), strict=True)
        header = _next_row(reader, source)
        if header is None or not any(cell.strip() for cell in header):
            raise EmptyFileError("the file is empty; a header row is required", source=source)
        columns = [_normalise_name(cell) for cell in header]
        if len(columns) == 1 and ";" in columns[0]:
            raise DataError(
                "columns must be separated by commas; this header seems to use ';'",
                source=source,
                line=_HEADER_LINE,
            )
        return cls(source, columns, reader)

    def check_columns(self, accepted: tuple[str, ...], required: tuple[str, ...]) -> None:
        """Refuse unknown, duplicate or missing columns, naming them and the accepted ones."""
        for column in self.columns:
            if column not in accepted:
                raise self._header_error(
                    f"unknown column '{column}'; accepted columns are: {', '.join(accepted)}",
                    column,
                )
            if self.columns.count(column) > 1:
                raise self._header_error(f"column '{column}' appears more than once", column)
        missing = [name for name in required if name not in self.columns]
        if missing:
            raise self._header_error(
                f"required column{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)}",
                missing[0],
            )

    def rows(self) -> Iterator[_Row]:
        """Data rows with their file line; blank rows are skipped. Raise if there are none."""
        width = len(self.columns)
        count = 0
        while (cells := _next_row(self._reader, self.source)) is not None:
            line = _line_number(self._reader)
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                raise DataError(
                    f"the row has {len(cells)} cells but the header has {width} columns",
                    source=self.source,
                    line=line,
                )
            count += 1
            named = {
                column: cell.strip()
                for column, cell in zip(self.columns, cells, strict=False)
                if cell.strip()
            }
            yield _Row(self.source, line, named)
        if count == 0:
            raise EmptyFileError("the file has a header but no data rows", source=self.source)

    def _header_error(self, message: str, column: str) -> DataError:
        return DataError(message, source=self.source, line=_HEADER_LINE, field=column)


def _decoded_lines(stream: BinaryIO, source: str) -> Iterator[str]:
    """Yield the file's lines as text, dropping a UTF-8 byte order mark on the first one."""
    for number, raw in enumerate(stream, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorruptFileError(
                f"the file is not UTF-8 text (byte {exc.start} of the line); save it as UTF-8",
                source=source,
                line=number,
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _next_row(reader: Iterator[list[str]], source: str) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise CorruptFileError(
            f"the CSV structure is broken: {exc}", source=source, line=_line_number(reader)
        ) from None


def _line_number(reader: Iterator[list[str]]) -> int:
    line_num = getattr(reader, "line_num", 0)
    return int(line_num)


def _normalise_name(name: str) -> str:
    return name.removeprefix("\ufeff").strip().lower()


# ---------------------------------------------------------------------------------------------
# Manual sessions


def _read_sessions(table: _CsvTable) -> ParsedFile:
    table.check_columns(SESSION_COLUMNS, SESSION_REQUIRED)
    sessions = [_session_from_row(row) for row in table.rows()]
    return ParsedFile(source=table.source, format=CSV_FORMAT, sessions=sessions)


def _session_from_row(row: _Row) -> ManualSession:
    duration_min = row.required_number("duration_min")
    if duration_min <= 0:
        raise row.error(
            "duration_min", f"the duration must be more than 0 minutes, got {duration_min:g}"
        )
    duration_s = minutes_to_seconds(duration_min)
    row.plausible(SESSION_LIMITS, "duration_s", duration_s, "duration_min")
    rpe = row.required_number("rpe")
    row.plausible(SESSION_LIMITS, "rpe_0_10", rpe, "rpe")
    distance_km = row.number("distance_km")
    distance_m = None if distance_km is None else km_to_m(distance_km)
    row.plausible(SESSION_LIMITS, "distance_m", distance_m, "distance_km")
    return ManualSession(
        day=row.iso_date("date"),
        sport=_parse_sport(row, "sport", row.required_text("sport")),
        duration_s=duration_s,
        rpe_0_10=rpe,
        distance_m=distance_m,
        notes=row.text("notes"),
        source=CSV_FORMAT,
    )


def _parse_sport(row: _Row, column: str, text: str) -> Sport:
    word = text.strip().lower().replace(" ", "_").replace("-", "_")
    if word in SPORT_ALIASES:
        return SPORT_ALIASES[word]
    try:
        return Sport(word)
    except ValueError:
        accepted = ", ".join([*(s.value for s in Sport), *SPORT_ALIASES])
        raise row.error(column, f"unknown sport '{text}'; accepted: {accepted}") from None


# ---------------------------------------------------------------------------------------------
# Wellness


def _read_wellness(table: _CsvTable) -> ParsedFile:
    table.check_columns(WELLNESS_COLUMNS, WELLNESS_REQUIRED)
    entries: list[WellnessEntry] = []
    line_of_day: dict[date, int] = {}
    for row in table.rows():
        entry = _wellness_from_row(row)
        first_line = line_of_day.setdefault(entry.day, row.line)
        if first_line != row.line:
            raise row.error(
                "date", f"date {entry.day.isoformat()} appears on lines {first_line} and {row.line}"
            )
        if entry.measurement_names():
            entries.append(entry)
    return ParsedFile(source=table.source, format=CSV_FORMAT, wellness=entries)


def _wellness_from_row(row: _Row) -> WellnessEntry:
    entry = WellnessEntry(day=row.iso_date("date"), source=CSV_FORMAT)
    for column, (name, whole) in _WELLNESS_NUMBERS.items():
        value: float | None = row.whole_number(column) if whole else row.number(column)
        row.plausible(WELLNESS_LIMITS, name, value, column)
        setattr(entry, name, value)
    _set_hrv(row, entry)
    _set_sleep(row, entry)
    _set_blood_pressure(row, entry)
    entry.illness = row.flag("illness")
    entry.notes = row.text("notes")
    return entry


def _set_hrv(row: _Row, entry: WellnessEntry) -> None:
    rmssd = row.number("hrv_rmssd_ms")
    sdnn = row.number("hrv_sdnn_ms")
    if rmssd is not None and sdnn is not None:
        raise row.error(
            "hrv_sdnn_ms",
            "give hrv_rmssd_ms or hrv_sdnn_ms in a row, not both: the two methods don't compare",
        )
    column, value, method = (
        ("hrv_rmssd_ms", rmssd, HrvMethod.RMSSD)
        if rmssd is not None
        else ("hrv_sdnn_ms", sdnn, HrvMethod.SDNN)
    )
    if value is None:
        return
    row.plausible(WELLNESS_LIMITS, "hrv_ms", value, column)
    entry.hrv_ms = value
    entry.hrv_method = method


def _set_sleep(row: _Row, entry: WellnessEntry) -> None:
    sleep_h = row.number("sleep_h")
    if sleep_h is None:
        return
    sleep_s = hours_to_seconds(sleep_h)
    row.plausible(WELLNESS_LIMITS, "sleep_duration_s", sleep_s, "sleep_h")
    entry.sleep_duration_s = sleep_s


def _set_blood_pressure(row: _Row, entry: WellnessEntry) -> None:
    systolic = row.whole_number("systolic_mmhg")
    diastolic = row.whole_number("diastolic_mmhg")
    if systolic is None and diastolic is None:
        return
    if systolic is None or diastolic is None:
        missing = "systolic_mmhg" if systolic is None else "diastolic_mmhg"
        raise row.error(missing, "blood pressure needs both systolic_mmhg and diastolic_mmhg")
    row.plausible(WELLNESS_LIMITS, "systolic_mmhg", systolic, "systolic_mmhg")
    row.plausible(WELLNESS_LIMITS, "diastolic_mmhg", diastolic, "diastolic_mmhg")
    if systolic <= diastolic:
        raise row.error(
            "systolic_mmhg",
            f"systolic {systolic} mmHg must be higher than diastolic {diastolic} mmHg "
            "(are the columns swapped?)",
        )
    entry.systolic_mmhg = systolic
    entry.diastolic_mmhg = diastolic


# ---------------------------------------------------------------------------------------------
# Activity samples


def _read_activity(table: _CsvTable) -> ParsedFile:
    table.check_columns(ACTIVITY_COLUMNS, ACTIVITY_REQUIRED)
    channels = [c for c in ACTIVITY_SAMPLE_CHANNELS if c.value in table.columns]
    builder = StreamBuilder()
    sport: Sport | None = None
    for row in table.rows():
        if sport is None:
            sport_text = row.text("sport")
            sport = Sport.OTHER if sport_text is None else _parse_sport(row, "sport", sport_text)
        values: dict[StreamChannel, float | None] = {c: row.number(c.value) for c in channels}
        builder.add(_parse_timestamp(row, "timestamp"), values)
    activity = _activity_from_builder(builder, sport or Sport.OTHER)
    recovered = mask_implausible_samples(activity.streams)
    activity.distance_m = _last_distance_m(activity)
    return ParsedFile(
        source=table.source, format=CSV_FORMAT, activities=[activity], recovered=recovered
    )


def _parse_timestamp(row: _Row, column: str) -> datetime:
    text = row.required_text(column)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise row.error(
            column,
            f"expected an ISO 8601 timestamp such as 2024-05-01T07:30:00+02:00, got '{text}'",
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise row.error(
            column,
            f"timestamp '{text}' has no UTC offset; add one, e.g. '{text}+02:00' or '{text}Z'",
        )
    return moment.astimezone(UTC)


def _activity_from_builder(builder: StreamBuilder, sport: Sport) -> Activity:
    start_epoch_s = builder.first_epoch_s
    assert start_epoch_s is not None  # rows() refuses a file without data rows
    streams = builder.build(start_epoch_s)
    elapsed_s = float(streams[StreamChannel.TIME_S][-1])
    return Activity(
        sport=sport,
        start_time=datetime.fromtimestamp(start_epoch_s, UTC),
        source_format=CSV_FORMAT,
        elapsed_s=elapsed_s,
        streams=streams,
    )


def _last_distance_m(activity: Activity) -> float | None:
    """The largest plausible cumulative distance sample, when the file has distances."""
    distances = activity.streams.get(StreamChannel.DISTANCE_M)
    if distances is None:
        return None
    valid = distances[~np.isnan(distances)]
    return float(valid.max()) if valid.size else None


_READERS: dict[CsvKind, Callable[[_CsvTable], ParsedFile]] = {
    "sessions": _read_sessions,
    "wellness": _read_wellness,
    "activity": _read_activity,
}
