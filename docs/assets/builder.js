/* The template builder: a use-case profile typed into the form becomes the
   tailored checklist (preview) and the filled template (Markdown and YAML
   downloads), entirely in the browser.

   One truth: the checklist items, their conditions and the words of the
   template come from the published data (data/catalog.json, data/labels.json),
   the same data `playbook template` is built from. The two renderers below
   mirror generator/template_md.py and generator/template_yaml.py line by line,
   and tests/browser/test_builder.py compares their bytes with the command's
   for every AI type, risk class and personal-data combination.

   Nothing is sent anywhere. The draft lives in localStorage until "Clear".
   All catalog and user text reaches the page through textContent, never as
   markup. */
(function () {
  "use strict";

  var root = document.getElementById("pb-builder");
  if (!root) {
    return;
  }
  var T = JSON.parse(document.getElementById("pb-b-text").textContent);
  // A draft's own comment and file name, in each template language.
  var MARKS = JSON.parse(document.getElementById("pb-b-marks").textContent);
  var PAGE_LANG = root.getAttribute("data-lang");
  var STORE = "playbook-builder-draft-v1";
  var CHOICES = ["ai_type", "risk_class", "personal_data", "users", "actor", "public_service"];
  var MIN_GOALS = parseInt(root.getAttribute("data-min-goals"), 10);
  var SCHEMA_LINE =
    "# yaml-language-server: $schema=https://example.org/ai-pilot-to-production/schemas/profile.schema.json";

  var form = document.getElementById("pb-b-form");
  var statusLine = document.getElementById("pb-b-status");
  var goalsBox = document.getElementById("pb-b-goals");
  var goalTemplate = document.getElementById("pb-b-goal-template");
  // The fields of a goal, as the page (from the profile schema) lays them out.
  var GOAL_FIELDS = Array.prototype.map.call(
    goalTemplate.content.querySelectorAll("[name]"), function (el) { return el.name; });
  var catalog = null;
  var words = null;
  var examples = [];
  var goalSerial = 0;
  var touched = {};
  var showAll = false;
  var lastPreviewKey = null;
  // What the preview showed last: the ids, and the items by id (for "removed: ID title").
  var shownIds = null;
  var shownItems = {};
  var shownOrder = [];
  // The next preview is a fresh start (a draft, an example, a cleared form): nothing is marked.
  var quiet = true;
  var markTimer = null;
  var MARK_MS = 10000;
  // The form as it was before the last clear, example or loaded draft, for "Undo".
  var undoState = null;
  // The form's state (as JSON) when it held nothing of the reader's own: blank, or
  // just filled from an example or a draft. Anything else is an edit worth asking about.
  var blankKey = null;
  var pristineKey = null;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  /* ---- Python-compatible text helpers (generator/template_md.py, template_yaml.py) ---- */

  // The characters Python's str.split() treats as whitespace.
  var PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  var MD_SPECIAL = /([\\`*_[\]<>|#])/g;

  function fold(text) {
    return text.split(PY_SPACE).filter(Boolean).join(" ");
  }

  function md(text) {
    return text ? fold(text).replace(MD_SPECIAL, "\\$1") : "";
  }

  function dash(text) {
    return md(text) || "\u2013";
  }

  function q(text) {
    // JSON string syntax is valid YAML, and matches Python's json.dumps(ensure_ascii=False).
    return JSON.stringify(text);
  }

  // Python's repr() of a float: the shortest round-trip digits, written in
  // exponent form below 1e-4 and from 1e16 up.
  function pyFloat(x) {
    var m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential());
    var sign = m[1];
    var digits = m[2] + (m[3] || "");
    var point = parseInt(m[4], 10) + 1;
    if (point > -4 && point <= 16) {
      if (point <= 0) {
        return sign + "0." + "0".repeat(-point) + digits;
      }
      if (point >= digits.length) {
        return sign + digits + "0".repeat(point - digits.length) + ".0";
      }
      return sign + digits.slice(0, point) + "." + digits.slice(point);
    }
    var exp = point - 1;
    var mantissa = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "");
    return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  function num(value) {
    if (value === null || value === undefined) {
      return "null";
    }
    if (Number.isInteger(value)) {
      return BigInt(value).toString();
    }
    var text = pyFloat(value);
    // As template_yaml.num: YAML 1.1 reads "5e-05" as a string, "5.0e-05" as a float.
    return text.indexOf("e") >= 0 && text.indexOf(".") < 0 ? text.replace("e", ".0e") : text;
  }

  function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  }

  function comment(text) {
    return fold(text);
  }

  /* ---- The catalog's own rules (generator/catalog/tailor.py: applies, conditions) ---- */

  // As generator/catalog/tailor.py applies(): "both" (or an unanswered role)
  // carries either role's items; art50 is a list, one shared value is enough.
  function applies(item, profile) {
    return matches(item.applies_when, profile);
  }

  function matches(when, profile) {
    for (var key in when) {
      var wanted = when[key];
      var value = profile[key];
      if (key === "any_of") {
        if (!wanted.some(function (one) { return matches(one, profile); })) {
          return false;
        }
      } else if (typeof wanted === "boolean") {
        if (value !== undefined && value !== null && value !== wanted) {
          return false;
        }
      } else if (key === "actor") {
        if (value !== "both" && value && wanted.indexOf(value) < 0) {
          return false;
        }
      } else if (key === "art50") {
        if (!(value || []).some(function (v) { return wanted.indexOf(v) >= 0; })) {
          return false;
        }
      } else if (wanted.indexOf(value) < 0) {
        return false;
      }
    }
    return true;
  }

  function applicable(profile) {
    return catalog.items.filter(function (item) {
      return item.status === "active" && applies(item, profile);
    });
  }

  function label(lang, key) {
    return words.labels[lang][key];
  }

  function conditions(item, lang) {
    return phrase(item.applies_when, lang);
  }

  function phrase(when, lang) {
    var parts = [];
    words.condition_keys.forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(when, key)) {
        return;
      }
      var value = when[key];
      if (typeof value === "boolean") {
        parts.push(label(lang, key) + ": " + label(lang, value ? "yes" : "no"));
      } else {
        var prefixed = ["annex_iii", "art50", "actor", "sector"].indexOf(key) >= 0;
        parts.push(value.map(function (v) { return label(lang, prefixed ? key + "_" + v : v); }).join(" / "));
      }
    });
    if (Object.prototype.hasOwnProperty.call(when, "any_of")) {
      parts.push(when.any_of.map(function (one) { return "(" + phrase(one, lang) + ")"; })
        .join(" " + label(lang, "or") + " "));
    }
    return parts.join("; ");
  }

  // As generator/words.py format_date() and ai_act_dates().
  function formatDate(iso, lang) {
    var parts = iso.split("-").map(Number);
    var month = words.months[lang][parts[1] - 1];
    return lang === "nb" ? parts[2] + ". " + month + " " + parts[0] : parts[2] + " " + month + " " + parts[0];
  }

  function aiActDates(dates, lang) {
    return label(lang, "ai_act_from") + " " + dates.map(function (d) {
      return formatDate(d.date, lang) + (d.scope ? " (" + d.scope[lang] + ")" : "");
    }).join(" " + label(lang, "or") + " ");
  }

  function role(id) {
    return catalog.roles.filter(function (r) { return r.id === id; })[0];
  }

  /* ---- The filled template (generator/templates/markdown.py, generator/templates/yaml_text.py) ---- */

  function renderMarkdown(profile, items, lang, source) {
    function L(key) {
      return label(lang, key);
    }
    var out = [
      "# " + L("template_title") + ": " + (md(profile.name) || L("blank_name")),
      "",
      md(profile.description),
      "",
      "| " + L("use_case") + " | |",
      "|---|---|",
      "| " + L("ai_type") + " | " + L(profile.ai_type) + " |",
      "| " + L("risk_class_long") + " | " + L(profile.risk_class) + " |",
      "| " + capitalize(L("personal_data")) + " | " + (profile.personal_data ? L("yes") : L("no")) + " |",
      "| " + capitalize(L("users")) + " | " + L(profile.users) + " |",
      "| " + L("actor") + " | " + (profile.actor ? L("actor_" + profile.actor) : "–") + " |",
      "| " + capitalize(L("public_service")) + " | " + (profile.public_service ? L("yes") : L("no")) + " |"
    ];
    if (profile.annex_iii) {
      out.push("| " + L("annex_iii") + " | " + L("annex_iii_" + profile.annex_iii) + " (" + profile.annex_iii + ") |");
    }
    if (profile.art50.length) {
      out.push("| " + L("art50") + " | " + profile.art50.map(function (k) { return L("art50_" + k); }).join(", ") + " |");
    }
    out.push(
      "| " + L("catalog_version") + " | " + catalog.catalog_version + " |",
      "| " + L("generated_from") + " | " + dash(source) + " |",
      "",
      "## " + L("owners"),
      "",
      "| " + L("role") + " | " + L("owns") + " | " + L("name") + " |",
      "|---|---|---|"
    );
    catalog.roles.forEach(function (r) {
      out.push("| " + md(r.title[lang]) + " | " + md(r.owns[lang]) + " | " + dash(profile.owners[r.id] || "") + " |");
    });
    out.push(
      "",
      "## " + L("effect_goals"),
      "",
      "| " + ["kpi", "unit", "baseline", "target", "direction", "measured_by", "measured"].map(L).join(" | ") + " |",
      "|---|---|---|---|---|---|---|"
    );
    profile.effect_goals.forEach(function (g) {
      out.push(
        "| " + md(g.kpi) + " | " + md(g.unit) + " | " + num(g.baseline) + " | " + num(g.target) +
        " | " + L(g.direction) + " | " + md(g.measured_by) + " | \u2013 |"
      );
    });
    catalog.gates.forEach(function (gate) {
      var chosen = items.filter(function (i) { return i.gate === gate.id; });
      out.push("", "## " + md(gate.title[lang]), "", "**" + L("question") + ":** " + md(gate.question[lang]));
      catalog.areas.forEach(function (area) {
        var inArea = chosen.filter(function (i) { return i.area === area.id; });
        if (!inArea.length) {
          return;
        }
        out.push("", "### " + md(area.title[lang]), "");
        inArea.forEach(function (item) {
          var owner = profile.owners[item.owner] || "";
          var cond = conditions(item, lang);
          out.push(
            "- [ ] **" + item.id + "** " + md(item.title[lang]) + " *(" + L(item.level) + ")*",
            "    - " + L("done_when") + ": " + md(item.done_when[lang]),
            "    - " + L("owner") + ": " + md(role(item.owner).title[lang]) + (owner ? " \u2013 " + md(owner) : ""),
            "    - " + L("status") + ": " + L("status_open") + " \u00b7 " + L("evidence") + ": \u2013 \u00b7 " +
              L("due") + ": \u2013"
          );
          if (cond) {
            out.push("    - " + L("applies") + ": " + md(cond));
          }
          if (item.ai_act_dates.length) {
            out.push("    - " + md(aiActDates(item.ai_act_dates, lang)));
          }
        });
      });
      out.push(
        "",
        "### " + L("decision_record") + ": " + md(gate.title[lang]),
        "",
        "| " + L("date") + " | " + L("decision") + " | " + L("decided_by") + " | " + L("conditions") + " |",
        "|---|---|---|---|",
        "|  |  |  |  |"
      );
    });
    out.push("", "*" + L("na_note") + "*", "");
    return out.join("\n");
  }

  // A draft may leave a choice unanswered ("") or a number as typed (a string);
  // for a complete profile these write exactly what yaml_text.py writes.
  function word(value) {
    return value ? value : '""';
  }

  function bool(value) {
    return value === true ? "true" : value === false ? "false" : '""';
  }

  function numOrText(value) {
    return typeof value === "string" ? q(value) : num(value);
  }

  function renderYaml(profile, items, lang, mark) {
    var out = mark ? ["# " + mark] : [];
    out.push(
      SCHEMA_LINE,
      "# " + fill(label(lang, "yaml_head"), { name: comment(profile.name), version: catalog.catalog_version }),
      "# " + label(lang, "yaml_fill"),
      "# " + label(lang, "yaml_na"),
      "name: " + q(profile.name),
      "description: " + q(profile.description),
      "lang: " + lang,
      'catalog_version: "' + catalog.catalog_version + '"',
      "ai_type: " + word(profile.ai_type),
      "risk_class: " + word(profile.risk_class),
      "personal_data: " + bool(profile.personal_data),
      "users: " + word(profile.users),
      "actor: " + word(profile.actor),
      "public_service: " + bool(profile.public_service),
      "annex_iii: " + q(profile.annex_iii),
      "art50: [" + profile.art50.join(", ") + "]",
      "owners:"
    );
    catalog.roles.forEach(function (r) {
      out.push("  " + r.id + ": " + q(profile.owners[r.id] || ""));
    });
    out.push("effect_goals:");
    profile.effect_goals.forEach(function (g) {
      out.push(
        "  - kpi: " + q(g.kpi),
        "    unit: " + q(g.unit),
        "    baseline: " + numOrText(g.baseline),
        "    target: " + numOrText(g.target),
        "    direction: " + word(g.direction),
        "    measured_by: " + q(g.measured_by),
        "    measured: null"
      );
    });
    out.push("answers:");
    items.forEach(function (item) {
      out.push(
        "  # " + item.gate + " " + label(lang, item.level) + " \u00b7 " + comment(item.title[lang]),
        "  " + item.id + ":",
        "    status: open",
        '    evidence: ""',
        '    due: ""',
        '    comment: ""'
      );
    });
    out.push("decisions:");
    catalog.gates.forEach(function (gate) {
      out.push(
        "  " + gate.id + ":",
        '    date: ""',
        '    decision: ""',
        '    decided_by: ""',
        '    exception_reason: ""',
        "    conditions: []"
      );
    });
    return out.join("\n") + "\n";
  }

  /* ---- The form ---- */

  function byId(id) {
    return document.getElementById(id);
  }

  function goalRows() {
    return Array.prototype.slice.call(goalsBox.querySelectorAll(".pb-b-goal"));
  }

  function addGoal(values) {
    var serial = goalSerial++;
    var row = goalTemplate.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[id]").forEach(function (el) {
      el.id = el.id.replace("-N-", "-" + serial + "-");
    });
    row.querySelectorAll("[for]").forEach(function (el) {
      el.setAttribute("for", el.getAttribute("for").replace("-N-", "-" + serial + "-"));
    });
    row.querySelectorAll("[aria-describedby]").forEach(function (el) {
      el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").replace(/-N-/g, "-" + serial + "-"));
    });
    GOAL_FIELDS.forEach(function (name) {
      var control = row.querySelector('[name="' + name + '"]');
      control.value = values && typeof values[name] === "string" ? values[name] : "";
    });
    row.querySelector(".pb-b-remove").addEventListener("click", function () {
      var rows = goalRows();
      var at = rows.indexOf(row);
      row.remove();
      numberGoals();
      changed();
      var next = goalRows()[Math.min(at, goalRows().length - 1)];
      (next ? next.querySelector("input") : byId("pb-b-add-goal")).focus();
    });
    goalsBox.appendChild(row);
    numberGoals();
    return row;
  }

  function numberGoals() {
    var rows = goalRows();
    rows.forEach(function (row, i) {
      row.querySelector("legend").textContent = fill(T.goal, { n: i + 1 });
      var remove = row.querySelector(".pb-b-remove");
      remove.textContent = fill(T.remove_goal, { n: i + 1 });
      remove.hidden = rows.length <= MIN_GOALS;
    });
  }

  function choice(name) {
    var picked = form.querySelector('input[name="' + name + '"]:checked');
    return picked ? picked.value : "";
  }

  // The form as typed, for the draft and for validation.
  function readForm() {
    var state = {
      name: byId("pb-b-name").value,
      description: byId("pb-b-description").value,
      lang: byId("pb-b-lang").value,
      owners: {},
      goals: goalRows().map(function (row) {
        var goal = {};
        GOAL_FIELDS.forEach(function (name) {
          goal[name] = row.querySelector('[name="' + name + '"]').value;
        });
        return goal;
      })
    };
    CHOICES.forEach(function (name) {
      state[name] = choice(name);
    });
    state.annex_iii = byId("pb-b-annex_iii").value;
    state.art50 = Array.prototype.map.call(
      form.querySelectorAll('input[name="art50"]:checked'), function (box) { return box.value; });
    catalog.roles.forEach(function (r) {
      state.owners[r.id] = byId("pb-b-owner-" + r.id).value;
    });
    return state;
  }

  function writeForm(state) {
    byId("pb-b-name").value = state.name || "";
    byId("pb-b-description").value = state.description || "";
    if (state.lang === "nb" || state.lang === "en") {
      byId("pb-b-lang").value = state.lang;
    }
    CHOICES.forEach(function (name) {
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (radio) {
        radio.checked = radio.value === state[name];
      });
    });
    byId("pb-b-annex_iii").value = typeof state.annex_iii === "string" ? state.annex_iii : "";
    var art50 = Array.isArray(state.art50) ? state.art50 : [];
    form.querySelectorAll('input[name="art50"]').forEach(function (box) {
      box.checked = art50.indexOf(box.value) >= 0;
    });
    catalog.roles.forEach(function (r) {
      byId("pb-b-owner-" + r.id).value = (state.owners && state.owners[r.id]) || "";
    });
    goalRows().forEach(function (row) { row.remove(); });
    var goals = Array.isArray(state.goals) ? state.goals : [];
    for (var i = 0; i < Math.max(MIN_GOALS, goals.length); i++) {
      addGoal(goals[i]);
    }
  }

  // A number as people type it: "12", "-3", "12,5", "1 000", "0.25".
  function parseNumber(text) {
    var compact = text.replace(/[\s\u00a0\u202f]/g, "");
    if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(compact)) {
      return null;
    }
    var value = Number(compact.replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function blank(text) {
    return !/\S/.test(text);
  }

  function fieldName(key) {
    return T["f_" + key];
  }

  // Every problem as [element id, message]; the profile only when there is none.
  function validate(state) {
    var problems = [];
    if (blank(state.name)) {
      problems.push(["pb-b-name", fill(T.err_required, { field: fieldName("name") })]);
    }
    if (blank(state.description)) {
      problems.push(["pb-b-description", fill(T.err_required, { field: fieldName("description") })]);
    }
    CHOICES.forEach(function (name) {
      if (!state[name]) {
        problems.push(["pb-b-" + name, fill(T.err_choose, { field: fieldName(name) })]);
      }
    });
    catalog.roles.forEach(function (r) {
      if (blank(state.owners[r.id])) {
        problems.push(["pb-b-owner-" + r.id, fill(T.err_owner, { role: r.title[PAGE_LANG] })]);
      }
    });
    var goals = [];
    goalRows().forEach(function (row, i) {
      var raw = state.goals[i];
      var id = function (name) { return row.querySelector('[name="' + name + '"]').id; };
      ["kpi", "unit", "measured_by"].forEach(function (name) {
        if (blank(raw[name])) {
          problems.push([id(name), fill(T.err_required, { field: fieldName(name) })]);
        }
      });
      var baseline = parseNumber(raw.baseline);
      var target = parseNumber(raw.target);
      [["baseline", baseline], ["target", target]].forEach(function (pair) {
        if (pair[1] === null) {
          problems.push([id(pair[0]), blank(raw[pair[0]])
            ? fill(T.err_required, { field: fieldName(pair[0]) })
            : T.err_number]);
        }
      });
      if (!raw.direction) {
        problems.push([id("direction"), fill(T.err_choose, { field: fieldName("direction") })]);
      }
      if (baseline !== null && target !== null) {
        if (baseline === target) {
          problems.push([id("target"), T.err_same]);
        } else if (raw.direction && (target > baseline) !== (raw.direction === "higher")) {
          problems.push([id("direction"), T["err_direction_" + raw.direction]]);
        }
      }
      goals.push({
        kpi: raw.kpi, unit: raw.unit, baseline: baseline, target: target,
        direction: raw.direction, measured_by: raw.measured_by
      });
    });
    if (goals.length < MIN_GOALS) {
      problems.push(["pb-b-goals", T.err_goals]);
    }
    var profile = {
      name: state.name,
      description: state.description,
      lang: state.lang,
      ai_type: state.ai_type,
      risk_class: state.risk_class,
      personal_data: state.personal_data === "true",
      users: state.users,
      actor: state.actor,
      public_service: state.public_service === "true",
      annex_iii: state.annex_iii,
      art50: state.art50,
      owners: state.owners,
      effect_goals: goals
    };
    return { problems: problems, profile: problems.length ? null : profile };
  }

  function errorBox(id) {
    return byId(id + "-error");
  }

  // The summary is made when the reader tries to download; while they fix
  // fields it stays as it was (rebuilding it would pull a link from under a click).
  function showProblems(problems, rebuildSummary) {
    var byField = {};
    problems.forEach(function (p) {
      if (!byField[p[0]]) {
        byField[p[0]] = p[1];
      }
    });
    form.querySelectorAll(".pb-b-error").forEach(function (box) {
      var id = box.id.replace(/-error$/, "");
      var message = (showAll || touched[id]) ? byField[id] : undefined;
      box.textContent = message || "";
      box.hidden = !message;
      var control = byId(id);
      if (control && /^(INPUT|TEXTAREA|SELECT)$/.test(control.tagName)) {
        if (message) {
          control.setAttribute("aria-invalid", "true");
        } else {
          control.removeAttribute("aria-invalid");
        }
      }
    });
    var summary = byId("pb-b-summary");
    if (!problems.length) {
      summary.hidden = true;
    } else if (rebuildSummary) {
      var list = summary.querySelector("ul");
      list.textContent = "";
      Object.keys(byField).forEach(function (id) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + id;
        // In the summary a goal's field names its goal: "Effect goal 2: Fill in the KPI."
        var goal = byId(id).closest(".pb-b-goal");
        a.textContent = (goal ? goal.querySelector("legend").textContent + ": " : "") + byField[id];
        a.addEventListener("click", function (event) {
          event.preventDefault();
          var target = byId(id);
          var focusable = target.matches("fieldset") ? target.querySelector("input") : target;
          (focusable || target).focus();
        });
        li.appendChild(a);
        list.appendChild(li);
      });
      summary.hidden = false;
    }
  }

  /* ---- Preview ---- */

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text !== undefined) {
      el.textContent = text;
    }
    return el;
  }

  // The profile as far as the form is filled in: what the preview (and a draft) tailors by.
  function partialProfile(state) {
    var profile = {
      personal_data: state.personal_data === "" ? undefined : state.personal_data === "true",
      public_service: state.public_service === "" ? undefined : state.public_service === "true",
      annex_iii: state.annex_iii,
      art50: state.art50
    };
    ["ai_type", "risk_class", "users", "actor"].forEach(function (name) {
      profile[name] = state[name] || undefined;
    });
    return profile;
  }

  // "3 sjekkpunkter lagt til, 1 fjernet": what the last change did, for the screen reader and the bar.
  function changeText(added, removed) {
    var parts = [];
    if (added) {
      parts.push(added === 1 ? T.added_one : fill(T.added, { n: added }));
    }
    if (removed) {
      parts.push(added ? fill(T.and_removed, { n: removed })
        : removed === 1 ? T.removed_one : fill(T.removed, { n: removed }));
    }
    return parts.join(", ");
  }

  function unmark() {
    clearTimeout(markTimer);
    markTimer = null;
    byId("pb-b-items").querySelectorAll(".pb-b-added").forEach(function (li) {
      li.classList.remove("pb-b-added");
      var badge = li.querySelector(".pb-b-badge");
      if (badge) {
        badge.remove();
      }
    });
    byId("pb-b-removed").hidden = true;
    byId("pb-b-bar-change").textContent = "";
  }

  // Whether the preview scrolls on its own (beside the form on a wide screen).
  function previewScrolls() {
    var preview = byId("pb-b-preview");
    return getComputedStyle(preview).overflowY !== "visible" && preview.scrollHeight > preview.clientHeight;
  }

  // Brings a marked item into the preview's own view, without moving the page.
  function showInPreview(target) {
    var preview = byId("pb-b-preview");
    var box = preview.getBoundingClientRect();
    var at = target.getBoundingClientRect();
    if (at.top < box.top || at.bottom > box.bottom) {
      preview.scrollTop += at.top - box.top - box.height / 3;
    }
  }

  function firstMark() {
    var added = byId("pb-b-items").querySelector(".pb-b-added");
    var removed = byId("pb-b-removed");
    return added || (removed.hidden ? null : removed);
  }

  function renderPreview(state) {
    var profile = partialProfile(state);
    var key = JSON.stringify([profile, state.name, state.owners]);
    if (key === lastPreviewKey) {
      return;
    }
    lastPreviewKey = key;
    var lang = PAGE_LANG;
    var items = applicable(profile);
    var ids = {};
    items.forEach(function (i) { ids[i.id] = true; });
    var added = {};
    var removed = [];
    if (shownIds && !quiet) {
      items.forEach(function (i) {
        if (!shownIds[i.id]) {
          added[i.id] = true;
        }
      });
      // In the order the preview showed them: by gate and area.
      shownOrder.forEach(function (id) {
        if (!ids[id]) {
          removed.push(shownItems[id]);
        }
      });
    }
    var nAdded = Object.keys(added).length;
    var listChanged = nAdded > 0 || removed.length > 0;
    if (listChanged || quiet) {
      unmark();
    }
    quiet = false;
    shownIds = ids;
    shownItems = {};
    items.forEach(function (i) { shownItems[i.id] = i; });
    var active = catalog.items.filter(function (i) { return i.status === "active"; }).length;
    var perGate = catalog.gates.map(function (gate) {
      return gate.id + " " + items.filter(function (i) { return i.gate === gate.id; }).length;
    });
    var counts = fill(T.counts, { total: items.length, gates: perGate.join(", "), skipped: active - items.length });
    var complete = CHOICES.every(function (name) { return state[name]; });
    byId("pb-b-counts").textContent = complete ? counts : T.choose_first + " " + counts;
    byId("pb-b-bar-counts").textContent = fill(T.bar_counts, { total: items.length, gates: perGate.join(" \u00b7 ") });
    byId("pb-b-preview-name").textContent = state.name;
    // Still marked from the change before (the name or an owner changed since): keep the marks.
    var keep = {};
    if (!listChanged) {
      byId("pb-b-items").querySelectorAll(".pb-b-added").forEach(function (li) {
        keep[li.getAttribute("data-id")] = true;
      });
    }
    var box = byId("pb-b-items");
    box.textContent = "";
    shownOrder = [];
    catalog.gates.forEach(function (gate) {
      var chosen = items.filter(function (i) { return i.gate === gate.id; });
      var section = element("section", "pb-b-gate");
      section.appendChild(element("h3", "", gate.title[lang] + " (" + chosen.length + ")"));
      catalog.areas.forEach(function (area) {
        var inArea = chosen.filter(function (i) { return i.area === area.id; });
        if (!inArea.length) {
          return;
        }
        section.appendChild(element("h4", "", area.title[lang]));
        var list = element("ul", "pb-b-list");
        inArea.forEach(function (item) {
          var li = element("li");
          li.setAttribute("data-id", item.id);
          shownOrder.push(item.id);
          var isNew = added[item.id] || keep[item.id];
          if (isNew) {
            li.className = "pb-b-added";
          }
          li.appendChild(element("strong", "", item.id));
          li.appendChild(document.createTextNode(" " + item.title[lang] + " "));
          li.appendChild(element("em", "", "(" + label(lang, item.level) + ")"));
          var owner = state.owners[item.owner];
          li.appendChild(element("span", "pb-b-owner", label(lang, "owner") + ": " + role(item.owner).title[lang] +
            (owner && /\S/.test(owner) ? " \u2013 " + owner : "")));
          var cond = conditions(item, lang);
          li.appendChild(element("span", "pb-b-why", cond ? T.why_because + ": " + cond : T.why_all));
          if (isNew) {
            li.appendChild(element("span", "pb-b-badge", T.added_badge));
          }
          list.appendChild(li);
        });
        section.appendChild(list);
      });
      box.appendChild(section);
    });
    if (!listChanged) {
      return;
    }
    var gone = byId("pb-b-removed");
    var goneList = gone.querySelector("ul");
    goneList.textContent = "";
    removed.forEach(function (item) {
      var li = element("li");
      li.appendChild(element("strong", "", item.id));
      li.appendChild(document.createTextNode(" " + item.title[lang]));
      goneList.appendChild(li);
    });
    gone.hidden = removed.length === 0;
    var said = changeText(nAdded, removed.length);
    byId("pb-b-bar-change").textContent = said + ".";
    byId("pb-b-announce").textContent = said + ".";
    markTimer = setTimeout(unmark, MARK_MS);
    if (previewScrolls()) {
      showInPreview(firstMark());
    }
  }

  /* ---- Draft, downloads, wiring ---- */

  function save(state) {
    try {
      localStorage.setItem(STORE, JSON.stringify({ v: 1, state: state }));
    } catch (e) {
      // Storage may be off (private mode, a policy); the form still works.
    }
  }

  function restore() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE) || "null");
      return saved && saved.v === 1 && saved.state ? saved.state : null;
    } catch (e) {
      return null;
    }
  }

  function slug(name, lang) {
    var s = name.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a")
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 60).replace(/-+$/, "");
    return s || (lang === "nb" ? "bruksomrade" : "use-case");
  }

  function fileStem(state) {
    return slug(state.name, state.lang) + "." + state.lang;
  }

  function changed(rebuild) {
    var state = readForm();
    save(state);
    var result = validate(state);
    showProblems(result.problems, rebuild === true);
    renderPreview(state);
    byId("pb-b-command").textContent = "playbook template " + fileStem(state) + ".yaml --format xlsx";
    return { state: state, result: result };
  }

  function offer(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function download(format) {
    showAll = true;
    var now = changed(true);
    if (!now.result.profile) {
      byId("pb-b-summary").focus();
      return;
    }
    var profile = now.result.profile;
    var lang = now.state.lang;
    var items = applicable(profile);
    var stem = fileStem(now.state);
    if (format === "md") {
      offer(stem + ".md", renderMarkdown(profile, items, lang, stem + ".yaml"), "text/markdown;charset=utf-8");
    } else {
      offer(stem + ".yaml", renderYaml(profile, items, lang), "application/yaml;charset=utf-8");
    }
  }

  /* ---- Drafts: a YAML file at any time, and back into the form ---- */

  // The draft as YAML: a complete one is the template itself under a first
  // comment line; an incomplete one writes each field as typed, so that
  // `playbook` names what is missing and the form can read it back.
  function renderDraft(state) {
    var lang = state.lang === "en" ? "en" : "nb";
    var result = validate(state);
    if (result.profile) {
      return renderYaml(result.profile, applicable(result.profile), lang, MARKS[lang].yaml_draft_complete);
    }
    var profile = partialProfile(state);
    var items = applicable(profile);
    profile.name = state.name;
    profile.description = state.description;
    profile.owners = state.owners;
    profile.effect_goals = state.goals.map(function (raw) {
      var goal = {};
      GOAL_FIELDS.forEach(function (name) { goal[name] = raw[name]; });
      ["baseline", "target"].forEach(function (name) {
        var value = parseNumber(raw[name]);
        goal[name] = value === null ? raw[name] : value;
      });
      return goal;
    });
    return renderYaml(profile, items, lang, MARKS[lang].yaml_draft);
  }

  function downloadDraft() {
    var state = readForm();
    var lang = state.lang === "en" ? "en" : "nb";
    offer(slug(state.name, lang) + "-" + MARKS[lang].draft_file + "." + lang + ".yaml", renderDraft(state),
      "application/yaml;charset=utf-8");
  }

  // One value as the builder (and yaml_text.py) writes it; undefined when it is
  // anything else. Nothing is evaluated: JSON strings, true/false/null, numbers,
  // bare words and a flow list of bare words.
  function scalar(raw) {
    if (raw.charAt(0) === '"') {
      try {
        var text = JSON.parse(raw);
        return typeof text === "string" ? text : undefined;
      } catch (e) {
        return undefined;
      }
    }
    if (raw === "true" || raw === "false") {
      return raw === "true";
    }
    if (raw === "null") {
      return null;
    }
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) {
      return Number(raw);
    }
    var list = /^\[(.*)\]$/.exec(raw);
    if (list) {
      var words = list[1] ? list[1].split(", ") : [];
      return words.every(function (w) { return /^[a-z0-9-]+$/.test(w); }) ? words : undefined;
    }
    return /^[A-Za-z0-9_.-]+$/.test(raw) ? raw : undefined;
  }

  // The fields of the form from a YAML file the builder wrote: { state } or { line }.
  function parseDraft(text) {
    var top = {};
    var owners = {};
    var goals = [];
    var section = null;
    var goal = null;
    var lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var m;
      var value;
      if (/^\s*(#.*)?$/.test(line)) {
        continue;
      }
      if ((m = /^([a-z0-9_]+):(?: (.*))?$/.exec(line))) {
        section = null;
        goal = null;
        if (m[2] === undefined || m[2] === "") {
          section = m[1];
          continue;
        }
        value = scalar(m[2]);
        if (value === undefined) {
          return { line: i + 1 };
        }
        top[m[1]] = value;
        continue;
      }
      if (section === "answers" || section === "decisions") {
        continue;  // not the form's: the builder writes them afresh
      }
      if (section === "owners" && (m = /^  ([a-z0-9_-]+): (.*)$/.exec(line))) {
        value = scalar(m[2]);
        if (typeof value !== "string") {
          return { line: i + 1 };
        }
        owners[m[1]] = value;
        continue;
      }
      if (section === "effect_goals" && (m = /^  - ([a-z_]+): (.*)$/.exec(line))) {
        goal = {};
        goals.push(goal);
      } else if (!(section === "effect_goals" && goal && (m = /^    ([a-z_]+): (.*)$/.exec(line)))) {
        return { line: i + 1 };
      }
      value = scalar(m[2]);
      if (value === undefined) {
        return { line: i + 1 };
      }
      goal[m[1]] = value;
    }
    function text_(v) {
      return typeof v === "string" ? v : "";
    }
    function yesNo(v) {
      return v === true ? "true" : v === false ? "false" : "";
    }
    var known = ["name", "description", "lang", "ai_type", "risk_class", "personal_data", "users", "actor",
      "public_service", "annex_iii", "art50"];
    if (!known.some(function (k) { return Object.prototype.hasOwnProperty.call(top, k); }) &&
        !Object.keys(owners).length && !goals.length) {
      return { empty: true };
    }
    return {
      state: {
        name: text_(top.name),
        description: text_(top.description),
        lang: top.lang === "en" || top.lang === "nb" ? top.lang : PAGE_LANG,
        ai_type: text_(top.ai_type),
        risk_class: text_(top.risk_class),
        personal_data: yesNo(top.personal_data),
        users: text_(top.users),
        actor: text_(top.actor),
        public_service: yesNo(top.public_service),
        annex_iii: text_(top.annex_iii),
        art50: Array.isArray(top.art50) ? top.art50 : [],
        owners: owners,
        goals: goals.map(function (g) {
          var raw = {};
          GOAL_FIELDS.forEach(function (name) {
            raw[name] = typeof g[name] === "number" ? shown(g[name]) : text_(g[name]);
          });
          return raw;
        })
      }
    };
  }

  function loadDraft(input) {
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    var say = function (text) {
      statusLine.textContent = text;
      input.value = "";
    };
    if (file.size > 5 * 1024 * 1024) {
      say(fill(T.draft_empty, { file: file.name }));
      return;
    }
    file.text().then(function (text) {
      var parsed = parseDraft(text);
      if (parsed.line) {
        say(fill(T.draft_bad, { file: file.name, line: parsed.line }));
      } else if (!parsed.state) {
        say(fill(T.draft_empty, { file: file.name }));
      } else {
        replaceForm(parsed.state, fill(T.draft_loaded, { file: file.name }));
        input.value = "";
      }
    }, function () {
      say(fill(T.draft_empty, { file: file.name }));
    });
  }

  /* ---- Asking first, and undoing ---- */

  function formKey() {
    return JSON.stringify(readForm());
  }

  // The form holds something of the reader's own that an example would overwrite.
  function edited() {
    var key = formKey();
    return key !== blankKey && key !== pristineKey;
  }

  // A question in the page: never window.confirm, which blocks the page and
  // cannot be styled or translated.
  function ask(boxId, trigger, onYes) {
    var box = byId(boxId);
    var yes = box.querySelector('[data-answer="yes"]');
    var no = box.querySelector('[data-answer="no"]');
    function close(agreed) {
      box.hidden = true;
      yes.onclick = null;
      no.onclick = null;
      box.onkeydown = null;
      if (agreed) {
        onYes();
      } else {
        trigger.focus();
      }
    }
    yes.onclick = function () { close(true); };
    no.onclick = function () { close(false); };
    box.onkeydown = function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close(false);
      }
    };
    box.hidden = false;
    box.focus();
  }

  function hideUndo() {
    undoState = null;
    byId("pb-b-undo").hidden = true;
  }

  // Puts a whole new state in the form (example, draft, clear), keeping the old one for "Undo".
  function replaceForm(state, message) {
    undoState = readForm();
    writeForm(state);
    touched = {};
    showAll = false;
    quiet = true;
    changed();
    pristineKey = formKey();
    statusLine.textContent = message;
    byId("pb-b-undo").hidden = false;
  }

  function undo() {
    if (!undoState) {
      return;
    }
    writeForm(undoState);
    hideUndo();
    touched = {};
    showAll = false;
    quiet = true;
    changed();
    statusLine.textContent = T.undone;
    byId("pb-b-name").focus();
  }

  function clearForm() {
    replaceForm({ lang: PAGE_LANG }, T.cleared);
    try {
      localStorage.removeItem(STORE);
    } catch (e) {
      // Nothing was stored.
    }
    byId("pb-b-name").focus();
  }

  // A number as this page's readers write it: a decimal comma in Norwegian.
  function shown(value) {
    var text = String(value);
    return PAGE_LANG === "nb" ? text.replace(".", ",") : text;
  }

  function exampleState(picked) {
    return {
      name: picked.name,
      description: picked.description,
      lang: picked.lang,
      ai_type: picked.ai_type,
      risk_class: picked.risk_class,
      personal_data: picked.personal_data ? "true" : "false",
      users: picked.users,
      actor: picked.actor,
      public_service: picked.public_service ? "true" : "false",
      annex_iii: picked.annex_iii,
      art50: picked.art50,
      owners: picked.owners,
      goals: picked.effect_goals.map(function (goal) {
        var raw = {};
        GOAL_FIELDS.forEach(function (name) {
          raw[name] = typeof goal[name] === "number" ? shown(goal[name]) : goal[name];
        });
        return raw;
      })
    };
  }

  function useExample() {
    var picked = examples[byId("pb-b-example").value];
    if (!picked) {
      byId("pb-b-example").focus();
      return;
    }
    var fillIn = function () { replaceForm(exampleState(picked), T.example_filled); };
    if (edited()) {
      ask("pb-b-example-confirm", byId("pb-b-use-example"), fillIn);
    } else {
      fillIn();
    }
  }

  // The bar's link: to the first marked item if there is one, else to the preview.
  function toPreview(event) {
    event.preventDefault();
    var preview = byId("pb-b-preview");
    var target = firstMark() || byId("pb-b-preview-title");
    target.scrollIntoView({ block: target === byId("pb-b-preview-title") ? "start" : "center" });
    preview.focus({ preventScroll: true });
  }

  function start(data) {
    catalog = data[0];
    words = data[1];
    examples = data[2];
    var draft = restore();
    writeForm({ lang: PAGE_LANG });
    blankKey = formKey();
    if (draft) {
      writeForm(draft);
    }
    form.addEventListener("input", function (event) {
      if (event.target.id === "pb-b-load") {
        return;
      }
      if (event.target.id) {
        touched[event.target.id] = true;
      }
      if (event.target.type === "radio") {
        touched["pb-b-" + event.target.name] = true;
      }
      hideUndo();
      changed();
    });
    form.addEventListener("focusout", function (event) {
      var control = event.target;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(control.tagName) && control.type !== "file" && control.id &&
          control.value !== "") {
        touched[control.id] = true;
        changed();
      }
    });
    byId("pb-b-add-goal").addEventListener("click", function () {
      addGoal().querySelector("input").focus();
      changed();
    });
    if (byId("pb-b-use-example")) {
      byId("pb-b-use-example").addEventListener("click", useExample);
    }
    byId("pb-b-load").addEventListener("change", function () { loadDraft(byId("pb-b-load")); });
    byId("pb-b-download-md").addEventListener("click", function () { download("md"); });
    byId("pb-b-download-yaml").addEventListener("click", function () { download("yaml"); });
    byId("pb-b-download-draft").addEventListener("click", downloadDraft);
    byId("pb-b-clear").addEventListener("click", function () {
      ask("pb-b-clear-confirm", byId("pb-b-clear"), clearForm);
    });
    byId("pb-b-undo").addEventListener("click", undo);
    byId("pb-b-bar-link").addEventListener("click", toPreview);
    // The first preview in a task of its own: filling the form and drawing the
    // preview in one go kept a phone's main thread busy for too long at once.
    setTimeout(function () {
      // The form is on the page from the start (showing it late shifted the
      // whole page); from here on it works.
      statusLine.textContent = "";
      byId("pb-b-bar").hidden = false;
      changed();
      root.setAttribute("data-ready", "true");
      if (!draft) {
        // An untouched form is not a draft worth keeping.
        try {
          localStorage.removeItem(STORE);
        } catch (e) {
          // As above.
        }
      }
    }, 0);
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": HTTP " + response.status);
      }
      return response.json();
    });
  }

  Promise.all(["data-catalog", "data-labels", "data-examples"].map(function (name) {
    return fetchJson(root.getAttribute(name));
  }))
    .then(start, function () {
      form.hidden = true;
      statusLine.textContent = fill(T.load_failed, { url: root.getAttribute("data-catalog") });
    });
})();
