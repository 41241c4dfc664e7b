"""The template builder page: the form, rendered at build time in the page's
language, that docs/assets/builder.js brings to life.

The form carries no checklist text and no tailoring rule. The script reads both
from the published data (data/catalog.json, data/labels.json), so the page and
`playbook template` share one source. Registered as a mkdocs-macros module.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from generator.model import Catalog, Profile
from generator.text import esc
from generator.words import BUILDER as TEXT
from generator.words import label


@functools.cache
def _profile() -> dict[str, Any]:
    """The profile schema's properties: the choices and limits the form offers come from it."""
    path = resources.files("generator") / "schemas" / "profile.schema.json"
    properties: dict[str, Any] = json.loads(path.read_text("utf-8"))["properties"]
    return properties


def choices(field: str) -> list[str]:
    return list(_profile()[field]["enum"])


def goal_fields() -> list[str]:
    """A goal's required fields in the schema's order; `measured` is not asked for
    here: it is filled in before a gate."""
    return list(_profile()["effect_goals"]["items"]["required"])


def min_goals() -> int:
    return int(_profile()["effect_goals"]["minItems"])


def direction_choices() -> list[str]:
    return list(_profile()["effect_goals"]["items"]["properties"]["direction"]["enum"])


def _error(field_id: str) -> str:
    return f'<p class="pb-b-error" id="{field_id}-error" hidden></p>'


def _text_field(field_id: str, name: str, text: str, *, hint: str = "", area: bool = False,
                extra: str = "") -> str:  # fmt: skip
    described = f"{field_id}-error" + (f" {field_id}-hint" if hint else "")
    attrs = f'id="{field_id}" name="{name}" aria-describedby="{described}" {extra}'.strip()
    control = (
        f'<textarea {attrs} rows="3"></textarea>'
        if area
        else f'<input type="text" {attrs} autocomplete="off">'
    )
    hint_html = f'<p class="pb-b-hint" id="{field_id}-hint">{esc(hint)}</p>' if hint else ""
    return (
        f'<div class="pb-b-field" data-field="{name}">'
        f'<label for="{field_id}">{esc(text)}</label>{hint_html}{control}{_error(field_id)}</div>'
    )


def _choice(name: str, legend: str, options: list[tuple[str, str, str]], hint: str = "") -> str:
    """A radio group; options are (value, label, explanation)."""
    rows = []
    for value, text, explain in options:
        oid = f"pb-b-{name}-{value}"
        explain_html = (
            f'<span class="pb-b-hint" id="{oid}-hint">{esc(explain)}</span>' if explain else ""
        )
        described = f' aria-describedby="{oid}-hint"' if explain else ""
        rows.append(
            f'<div class="pb-b-option"><input type="radio" id="{oid}" name="{name}" '
            f'value="{esc(value)}"{described}><label for="{oid}">{esc(text)}</label>{explain_html}</div>'
        )
    hint_html = f'<p class="pb-b-hint" id="pb-b-{name}-hint">{esc(hint)}</p>' if hint else ""
    described = f"pb-b-{name}-error" + (f" pb-b-{name}-hint" if hint else "")
    return (
        f'<fieldset class="pb-b-field pb-b-choice" data-field="{name}" id="pb-b-{name}" '
        f'aria-describedby="{described}"><legend>{esc(legend)}</legend>{hint_html}'
        + "".join(rows)
        + _error(f"pb-b-{name}")
        + "</fieldset>"
    )


def _annex_iii(lang: str) -> str:
    t = TEXT[lang]
    options = "".join(
        f'<option value="{esc(v)}">'
        + (esc(f"{v}: {label(lang, 'annex_iii_' + v)}") if v else esc(t["annex_iii_none"]))
        + "</option>"
        for v in choices("annex_iii")
    )
    return (
        '<div class="pb-b-field" data-field="annex_iii">'
        f'<label for="pb-b-annex_iii">{esc(t["annex_iii_q"])}</label>'
        f'<p class="pb-b-hint" id="pb-b-annex_iii-hint">{esc(t["annex_iii_hint"])}</p>'
        f'<select id="pb-b-annex_iii" name="annex_iii" aria-describedby="pb-b-annex_iii-hint">'
        f"{options}</select></div>"
    )


def _art50(lang: str) -> str:
    t = TEXT[lang]
    kinds = _profile()["art50"]["items"]["enum"]
    boxes = "".join(
        f'<div class="pb-b-option"><input type="checkbox" id="pb-b-art50-{k}" name="art50" '
        f'value="{esc(k)}"><label for="pb-b-art50-{k}">{esc(label(lang, "art50_" + k))}</label></div>'
        for k in kinds
    )
    return (
        '<fieldset class="pb-b-field pb-b-choice" data-field="art50" id="pb-b-art50" '
        f'aria-describedby="pb-b-art50-hint"><legend>{esc(t["art50_q"])}</legend>'
        f'<p class="pb-b-hint" id="pb-b-art50-hint">{esc(t["art50_hint"])}</p>{boxes}</fieldset>'
    )


def _goal_template(lang: str) -> str:
    """One effect-goal row; the script clones it and numbers the ids."""
    t = TEXT[lang]
    fields = []
    for name in goal_fields():
        fid = f"pb-b-goal-N-{name}"
        if name == "direction":
            options = "".join(
                f'<option value="{d}">{esc(label(lang, d))}</option>' for d in direction_choices()
            )
            fields.append(
                f'<div class="pb-b-field" data-field="{name}"><label for="{fid}">'
                f"{esc(label(lang, name))}</label>"
                f'<select id="{fid}" name="{name}" aria-describedby="{fid}-error">'
                f'<option value=""></option>{options}</select>{_error(fid)}</div>'
            )
        else:
            numeric = 'inputmode="decimal"' if name in ("baseline", "target") else ""
            fields.append(_text_field(fid, name, label(lang, name), extra=numeric))
    return (
        '<template id="pb-b-goal-template"><fieldset class="pb-b-goal">'
        f'<legend>{esc(t["goal"])}</legend><div class="pb-b-goal-fields">{"".join(fields)}</div>'
        f'<button type="button" class="md-button pb-b-remove">{esc(t["remove_goal"])}</button>'
        "</fieldset></template>"
    )


def _json_script(element_id: str, data: object) -> str:
    # "<" escaped, so that no text can close the script element early.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def example_data(profile: Profile) -> dict[str, Any]:
    """An example profile as the form's script fills it in."""
    fields = goal_fields()
    return {
        "name": profile.name,
        "description": profile.description,
        "lang": profile.lang,
        "ai_type": profile.ai_type,
        "risk_class": profile.risk_class,
        "personal_data": profile.personal_data,
        "users": profile.users,
        "actor": profile.actor,
        "public_service": profile.public_service,
        "annex_iii": profile.annex_iii,
        "art50": list(profile.art50),
        "owners": dict(profile.owners),
        "effect_goals": [{f: getattr(g, f) for f in fields} for g in profile.effect_goals],
    }


# Under data/ (generator/site/publish.py writes it): the example profiles, in
# the order the picker lists them.
EXAMPLES_JSON = "examples.json"


def _examples(examples: list[Profile], lang: str) -> str:
    t = TEXT[lang]
    options = "".join(f'<option value="{i}">{esc(p.name)}</option>' for i, p in enumerate(examples))
    return (
        '<div class="pb-b-field pb-b-example">'
        f'<label for="pb-b-example">{esc(t["example_label"])}</label>'
        f'<p class="pb-b-hint" id="pb-b-example-hint">{esc(t["example_hint"])}</p>'
        f'<select id="pb-b-example" aria-describedby="pb-b-example-hint">'
        f'<option value="">{esc(t["example_none"])}</option>{options}</select> '
        f'<button type="button" class="md-button" id="pb-b-use-example">{esc(t["example_use"])}</button>'
        + _confirm(
            "pb-b-example-confirm", t["confirm_example"], t["confirm_example_yes"], t["confirm_no"]
        )
        + "</div>"
    )


def _confirm(box_id: str, question: str, yes: str, no: str) -> str:
    """A question asked in the page (never window.confirm); the script shows it."""
    return (
        f'<div class="pb-b-confirm" id="{box_id}" role="group" aria-labelledby="{box_id}-text" '
        f'tabindex="-1" hidden><p id="{box_id}-text">{esc(question)}</p>'
        f'<button type="button" class="md-button md-button--primary" data-answer="yes">{esc(yes)}</button>'
        f'<button type="button" class="md-button" data-answer="no">{esc(no)}</button></div>'
    )


def _load_draft(lang: str) -> str:
    t = TEXT[lang]
    return (
        '<div class="pb-b-field pb-b-load">'
        f'<label for="pb-b-load">{esc(t["draft_load"])}</label>'
        f'<p class="pb-b-hint" id="pb-b-load-hint">{esc(t["draft_load_hint"])}</p>'
        '<input type="file" id="pb-b-load" accept=".yaml,.yml,application/yaml,text/yaml" '
        'aria-describedby="pb-b-load-hint"></div>'
    )


def draft_marks() -> dict[str, dict[str, str]]:
    """The draft's own words in each template language: a draft's comments follow its language."""
    keys = ("yaml_draft", "yaml_draft_complete", "draft_file")
    return {lang: {k: TEXT[lang][k] for k in keys} for lang in sorted(TEXT)}


def builder_html(catalog: Catalog, lang: str, prefix: str, examples: list[Profile]) -> str:
    t = TEXT[lang]

    def L(key: str) -> str:
        return label(lang, key)

    langs = "".join(
        f'<option value="{code}"{" selected" if code == lang else ""}>{esc(name)}</option>'
        for code, name in (("nb", "Norsk (bokmål)"), ("en", "English"))
    )
    owners = "".join(
        _text_field(
            f"pb-b-owner-{r.id}",
            f"owner-{r.id}",
            t["owner_label"].format(role=r.title[lang], owns=r.owns[lang]),
        )
        for r in catalog.roles
    )
    # The examples are fetched (data/examples.json) with the catalog: only a
    # reader who picks one needs them, and every byte of the page itself comes
    # before its first paint.
    return f"""<div class="pb-builder" id="pb-builder" data-lang="{lang}" data-catalog="{esc(prefix)}data/catalog.json" data-labels="{esc(prefix)}data/labels.json" data-examples="{esc(prefix)}data/{EXAMPLES_JSON}" data-min-goals="{min_goals()}">
{_json_script("pb-b-text", t)}
{_json_script("pb-b-marks", draft_marks())}
<noscript><p class="pb-b-status">{esc(t["noscript"])}</p></noscript>
<div class="pb-b-main">
<p class="pb-b-privacy">{esc(t["privacy"])}</p>
<div class="pb-b-status-row"><p class="pb-b-status" id="pb-b-status" role="status">{esc(t["loading"])}</p>
<button type="button" class="md-button" id="pb-b-undo" hidden>{esc(t["undo"])}</button></div>
<form id="pb-b-form" novalidate>
{_examples(examples, lang) if examples else ""}
{_load_draft(lang)}
<div class="pb-b-summary" id="pb-b-summary" tabindex="-1" hidden><p>{esc(t["errors_title"])}</p><ul></ul></div>
<fieldset class="pb-b-group"><legend>{esc(t["about"])}</legend>
{_text_field("pb-b-name", "name", t["name"])}
{_text_field("pb-b-description", "description", t["description"], hint=t["description_hint"], area=True)}
<div class="pb-b-field" data-field="lang"><label for="pb-b-lang">{esc(t["template_lang"])}</label><select id="pb-b-lang" name="lang">{langs}</select></div>
</fieldset>
{_choice("ai_type", L("ai_type"), [(v, L(v), "") for v in choices("ai_type")], t["ai_type_hint"])}
{_choice("risk_class", L("risk_class_long"), [(v, L(v), t["risk_" + v]) for v in choices("risk_class")], t["risk_hint"])}
<p class="pb-b-hint pb-b-prohibited">{esc(t["risk_prohibited"])}</p>
{_choice("personal_data", t["personal_data_q"], [("true", L("yes"), ""), ("false", L("no"), "")])}
{_choice("users", t["users_q"], [(v, t["users_" + v], "") for v in choices("users")])}
{_choice("actor", t["actor_q"], [(v, L("actor_" + v), t["actor_" + v + "_hint"]) for v in choices("actor") if v], t["actor_hint"])}
{_choice("public_service", t["public_service_q"], [("true", L("yes"), ""), ("false", L("no"), "")], t["public_service_hint"])}
{_annex_iii(lang)}
{_art50(lang)}
<fieldset class="pb-b-group"><legend>{esc(L("owners"))}</legend><p class="pb-b-hint">{esc(t["owners_hint"])}</p>{owners}</fieldset>
<fieldset class="pb-b-group" id="pb-b-goals-group"><legend>{esc(L("effect_goals"))}</legend><p class="pb-b-hint">{esc(t["goals_hint"])}</p>
<div id="pb-b-goals"></div>{_error("pb-b-goals")}
<button type="button" class="md-button" id="pb-b-add-goal">{esc(t["add_goal"])}</button>
</fieldset>
{_goal_template(lang)}
<div class="pb-b-actions"><p class="pb-b-actions-title">{esc(t["download"])}</p>
<button type="button" class="md-button md-button--primary" id="pb-b-download-md">{esc(t["download_md"])}</button>
<button type="button" class="md-button md-button--primary" id="pb-b-download-yaml">{esc(t["download_yaml"])}</button>
<button type="button" class="md-button" id="pb-b-download-draft" aria-describedby="pb-b-draft-hint">{esc(t["draft_download"])}</button>
<button type="button" class="md-button" id="pb-b-clear">{esc(t["clear"])}</button>
<p class="pb-b-hint" id="pb-b-draft-hint">{esc(t["draft_hint"])}</p>
{_confirm("pb-b-clear-confirm", t["confirm_clear"], t["confirm_clear_yes"], t["confirm_no"])}
</div>
<div class="admonition note pb-b-xlsx"><p class="admonition-title">Excel</p><p>{esc(t["xlsx_note"])}</p>
<p>{esc(t["command"])}:</p><pre><code id="pb-b-command">playbook template {"bruksomrade" if lang == "nb" else "use-case"}.{lang}.yaml --format xlsx</code></pre>
<p><a href="{esc(prefix)}{"" if lang == "nb" else "en/"}templates/">{esc(t["templates_link"])}</a></p></div>
</form>
<p class="pb-b-sr" id="pb-b-announce" aria-live="polite"></p>
<div class="pb-b-bar" id="pb-b-bar" hidden><p><span id="pb-b-bar-counts"></span> <span class="pb-b-bar-change" id="pb-b-bar-change"></span></p>
<a href="#pb-b-preview" id="pb-b-bar-link">{esc(t["bar_link"])}</a></div>
</div>
<section class="pb-b-preview" id="pb-b-preview" tabindex="0" aria-labelledby="pb-b-preview-title">
<h2 id="pb-b-preview-title">{esc(t["preview"])}</h2>
<p class="pb-b-hint">{esc(t["preview_hint"])}</p>
<p class="pb-b-preview-name" id="pb-b-preview-name"></p>
<p id="pb-b-counts"></p>
<div class="pb-b-removed" id="pb-b-removed" hidden><p>{esc(t["removed_label"])}:</p><ul></ul></div>
<div id="pb-b-items"></div>
</section>
<script src="{esc(prefix)}assets/builder.js" defer></script>
</div>"""
