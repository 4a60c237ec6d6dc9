"""``aicoach today``, ``aicoach feedback`` and ``aicoach preferences``."""

from __future__ import annotations

from typing import Annotated, TypeVar

import typer

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, plain, print_json
from aicoach.errors import UserError
from aicoach.recommend.candidates import ARM_IDS
from aicoach.recommend.catalogue import HomeKit, Place
from aicoach.recommend.reward import Feedback
from aicoach.recommend.weather import parse_weather
from aicoach.services.feedback import record_feedback
from aicoach.services.today import TodayRequest, recommend_today
from aicoach.settings import load_settings
from aicoach.storage import recommendations as store
from aicoach.storage.athletes import resolve_athlete

AthleteOpt = Annotated[
    str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
E = TypeVar("E", Place, HomeKit)


@handle_errors
def today(
    note: Annotated[
        str | None, typer.Option("--note", help="How you feel, in English or Chinese.")
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="Minutes you have for training today.")
    ] = None,
    weather: Annotated[
        str | None,
        typer.Option("--weather", help="e.g. 'clear, 24C', 'storm', 'rain 10C aqi=60'."),
    ] = None,
    location: Annotated[
        Place | None, typer.Option("--location", help="Where you are today.")
    ] = None,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """What to do today, and why: safety first, then your plan, context and feedback."""
    if minutes is not None and not 0 <= minutes <= 1440:
        raise UserError(f"--minutes {minutes}: give the minutes you have today, 0 to 1440")
    request = TodayRequest(
        note=note,
        minutes=float(minutes) if minutes is not None else None,
        weather=parse_weather(weather) if weather is not None else None,
        location=location,
    )
    with transaction() as session:
        result = recommend_today(session, athlete, request, load_settings())
    if json_output:
        print_json(result.as_json())
        return
    decision = result.decision
    chosen = decision.chosen
    zh = decision.language.value == "zh"
    if chosen.duration_min > 0:
        place = f" · {chosen.place.value}" if chosen.place else ""
        headline = f"{chosen.title(zh)} · {chosen.duration_min:.0f} min · {chosen.intensity.value}"
        console.print(plain(headline + place), style="bold")
    else:
        console.print(plain(chosen.title(zh)), style="bold")
    level = decision.verdict.level
    if level.label != "ok":
        style = "bold red" if level.label in {"stop", "rest"} else "yellow"
        console.print(plain(f"[{level.label}] {decision.verdict.message}"), style=style)
    for reason in decision.reasons:
        if reason != decision.verdict.message:
            console.print(plain(reason))
    for text in result.notes:
        console.print(plain(text), style="dim")
    console.print(
        plain("Afterwards: aicoach feedback --done --rating 1-5 --rpe 0-10 (or --skipped)"),
        style="dim",
    )


@handle_errors
def feedback(
    done: Annotated[
        bool | None,
        typer.Option("--done/--skipped", help="Whether you did today's recommendation."),
    ] = None,
    rating: Annotated[
        int | None, typer.Option("--rating", help="How it went, 1 (awful) to 5 (great).")
    ] = None,
    rpe: Annotated[
        float | None, typer.Option("--rpe", help="How hard it felt, 0 (rest) to 10 (maximal).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Anything to add.")] = None,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Tell aicoach how today's recommendation went; it learns from it."""
    if done is None:
        raise UserError("say whether you did it: --done or --skipped")
    given = Feedback(done=done, rating_1_5=rating, rpe_0_10=rpe, note=note)
    with transaction() as session:
        result = record_feedback(session, athlete, given)
    if json_output:
        print_json(result.as_json())
        return
    verb = "Updated" if result.replaced else "Thanks: recorded"
    console.print(plain(f"{verb} feedback on today's {result.arm} (reward {result.reward:.2f})."))


@handle_errors
def preferences(
    like: Annotated[
        list[str] | None, typer.Option("--like", help="An activity you enjoy (repeatable).")
    ] = None,
    dislike: Annotated[
        list[str] | None, typer.Option("--dislike", help="An activity you dislike (repeatable).")
    ] = None,
    places: Annotated[
        str | None, typer.Option("--places", help="Where you can train, e.g. home,outdoors,gym.")
    ] = None,
    home_kit: Annotated[
        str | None, typer.Option("--home-kit", help="treadmill and/or bike-trainer at home.")
    ] = None,
    latitude: Annotated[
        float | None, typer.Option("--latitude", min=-90, max=90, help="For the weather.")
    ] = None,
    longitude: Annotated[
        float | None, typer.Option("--longitude", min=-180, max=180, help="For the weather.")
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget likes and dislikes.")] = False,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Likes, dislikes, places and location used by ``aicoach today``."""
    if (latitude is None) != (longitude is None):
        raise UserError("--latitude and --longitude go together: give both")
    with transaction() as session:
        row = store.recommender(session, resolve_athlete(session, athlete).id)
        if clear:
            row.likes, row.dislikes = [], []
        if like or dislike:
            liked, disliked = (
                _activities(like or [], "--like"),
                _activities(dislike or [], "--dislike"),
            )
            row.likes = sorted((set(row.likes) - set(disliked)) | set(liked))
            row.dislikes = sorted((set(row.dislikes) - set(liked)) | set(disliked))
        if places is not None:
            row.places = [p.value for p in _enum_list(places, Place, "--places")]
        if home_kit is not None:
            row.home_kit = [k.value for k in _enum_list(home_kit, HomeKit, "--home-kit")]
        if latitude is not None and longitude is not None:
            row.latitude, row.longitude = latitude, longitude
        shown = {
            "likes": list(row.likes),
            "dislikes": list(row.dislikes),
            "places": list(row.places) or ["home", "outdoors"],
            "home_kit": list(row.home_kit),
            "latitude": row.latitude,
            "longitude": row.longitude,
        }
    if json_output:
        print_json(shown)
        return
    for key, value in shown.items():
        text = ", ".join(value) if isinstance(value, list) else value
        console.print(plain(f"{key}: {text if text not in (None, '') else '-'}"))


def _activities(names: list[str], option: str) -> set[str]:
    found = set()
    for name in names:
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in ARM_IDS or key.startswith("planned"):
            known = ", ".join(a for a in ARM_IDS if not a.startswith("planned"))
            raise UserError(f"{option} {name!r}: not an activity aicoach knows ({known})")
        found.add(key)
    return found


def _enum_list(text: str, kind: type[E], option: str) -> list[E]:
    items = [part.strip().lower() for part in text.split(",") if part.strip()]
    try:
        return [kind(item) for item in items]
    except ValueError as exc:
        known = ", ".join(item.value for item in kind)
        raise UserError(f"{option} {text!r}: use a comma-separated list of {known}") from exc
