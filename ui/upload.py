"""Data-page helpers: import uploads (many at once as one batch, under one progress bar), keep their result lines, undo."""

from __future__ import annotations

import re
from datetime import date

import streamlit as st

from ui import data
from ui import format as fmt
from ui.i18n import date_format, lang, placeholder, t
from ui.import_warnings import warning_text
from ui.state import keep_choice
from ui.stores import DEFAULT as DEFAULT_STORE
from warehouse.core.marketplaces import MARKETPLACES

RESULTS = "data_results"  # session key: file id -> (status, line)
PENDING = "data_pending"  # session key: file id -> the dates a refused file is to be imported with (`date_fix`)


def options_form() -> dict:
    """Renders the optional period / snapshot date / marketplace fields; returns the import options given."""
    opts: dict = {}
    with st.expander(t("upload_options")):
        st.caption(t("upload_options_help"))
        a, b, c = st.columns(3)
        period = a.date_input(t("opt_period"), value=[], key="data_period", format=date_format())
        as_of = b.date_input(t("opt_as_of"), value=None, key="data_as_of", format=date_format())
        keep_choice("data_marketplace", ["", *MARKETPLACES])
        market = c.selectbox(t("opt_marketplace"), ["", *MARKETPLACES], placeholder=placeholder(MARKETPLACES),
                             key="data_marketplace", format_func=lambda m, auto=t("opt_auto"): m or auto)  # fmt: skip
    if isinstance(period, (tuple, list)) and len(period) == 2:
        opts["period"] = (period[0], period[1])
    if isinstance(as_of, date):
        opts["as_of"] = as_of
    if market:
        opts["marketplace"] = market
    return opts


def import_uploads(files: list, options: dict, store: str | None = None, slot=None) -> bool:
    """Imports files not seen before in this session into `store`, and a refused file again with the dates its
    date fields gave (`date_fix`); True when data changed.

    One file gets its own progress bar; several are imported as one batch (warehouse.ingest.batch) under one bar that
    counts the files done. `slot` (an st.empty the page's result lines are drawn in, `show_results`): the bar takes
    the place of the lines of the last run at once, so a refusal being resolved is not left on screen while it runs.
    """
    results: dict = st.session_state.setdefault(RESULTS, {})
    new = [up for up in files if up.file_id not in results]
    slot = slot if slot is not None else st.empty()  # the progress bar, then the import's end state in its place
    pending: dict = st.session_state.pop(PENDING, None) or {}
    again = [up for up in files if up.file_id in pending and up.file_id in results]  # refused before
    for up in again:  # a refused file with its dates: under the bar, its result line replaces the refusal
        slot.progress(0.05, text=t("importing", name=up.name))
        result = data.ingest(up.getvalue(), up.name, {**options, **pending[up.file_id]}, store)
        results[up.file_id] = (result.status, result)
    if len(new) == 1:
        up = new[0]
        slot.progress(0.05, text=t("importing", name=up.name))
        done = [data.ingest(up.getvalue(), up.name, options, store)]
    elif new:
        slot.progress(0.0, text=t("importing_many", done=0, total=len(new), name=new[0].name))

        def step(n: int, total: int, _line: str) -> None:
            slot.progress(n / total, text=t("importing_many", done=n, total=total, name=new[n - 1].name))

        done = data.ingest_many([(up.getvalue(), up.name) for up in new], options, store, progress=step)
    else:
        done = []
    for up, result in zip(new, done):
        results[up.file_id] = (result.status, result)
    done += [results[up.file_id][1] for up in again]
    if done:  # (no import: the lines of the last run stay until `show_results` redraws them, without a blink)
        slot.empty()  # the end state is the summary over the result lines (`summary`), drawn on every run, also after
    # the rerun an import triggers (a sentence put in the bar's place was wiped by it)
    if any(r.status == "imported" for r in done):  # the undo picker then offers the newest import first
        st.session_state.pop("data_undo_pick", None)
    return any(r.status == "imported" for r in done)


def forget_refusals() -> None:
    """Drops the refused files' result lines and their pending dates when the store choice changes: a refusal was
    about the store chosen before (another shop's order numbers in it, no store chosen), so it no longer stands,
    and a file still in the box is imported into the new choice on the next run. Imported and already-present
    lines stay (such a file is not imported again)."""
    results: dict = st.session_state.get(RESULTS) or {}
    for file_id in [k for k, (status, _) in results.items() if status not in ("imported", "duplicate")]:
        del results[file_id]
    st.session_state.pop(PENDING, None)


def summary(names: list[str], statuses: list[str], lg: str, added: list[int] | None = None) -> tuple[str, str]:
    """Returns the upload's end state as (kind, sentence) in `lg`: kind `success` when no file was refused and one
    was imported, `info` when every file was already imported (nothing changed), `warning` / `error` (one file)
    when some were refused. Several files: each count on its own, imported, already imported (unchanged) and
    refused (named); the reasons are the result lines below, one per file. One refused file: no sentence (""), its
    red result line says it once ("X: not imported (the reason is below)" over it said the same twice). `added`
    (rows added per file): an imported file that added no row (all its rows already present) is counted and named
    apart, "1 with no new rows (b.csv)": "2 imported" did not say which of them changed nothing."""
    from ui.i18n import tr

    added = added if added is not None else [1] * len(names)
    stale = [n for n, s, a in zip(names, statuses, added) if s == "imported" and not a]
    ok, dup = statuses.count("imported") - len(stale), statuses.count("duplicate")
    refused = [n for n, s in zip(names, statuses) if s not in ("imported", "duplicate")]
    kind = "warning" if refused else ("success" if ok else "info")
    if len(names) == 1:
        if refused:
            return "error", ""
        key = {"imported": "imported", "duplicate": "import_unchanged"}[statuses[0]]
        return kind, tr(key, lg, name=fmt.plain(names[0]))
    parts = [tr("import_part_ok", lg, n=ok)] if ok else []
    parts += [tr("import_part_stale", lg, n=len(stale), names=_listed(stale, lg))] if stale else []
    parts += [tr("import_part_dup", lg, n=dup)] if dup else []
    if refused:
        parts.append(tr("import_part_refused", lg, n=len(refused), names=_listed(refused, lg)))
    return kind, tr("import_summary", lg, total=len(names), parts=("；" if lg == "zh" else "; ").join(parts))


def _listed(names: list[str], lg: str) -> str:
    """Returns file names listed once each: the same file twice (chosen again in the box) reads "a.csv ×2", not
    "a.csv, a.csv"."""
    from ui.i18n import tr

    once = [tr("import_name_times", lg, name=fmt.plain(n), n=names.count(n)) if names.count(n) > 1
            else fmt.plain(n) for n in dict.fromkeys(names)]  # fmt: skip
    return ("、" if lg == "zh" else ", ").join(once)


ICONS = {"success": ":material/check_circle:", "info": ":material/info:", "warning": ":material/warning:",
         "error": ":material/block:"}  # fmt: skip


DATE_REFUSALS = ("no_period", "no_period_by_day", "no_as_of")  # refused for want of dates: the page asks for them


def show_results(files: list, options: dict | None = None, store: str | None = None, slot=None) -> None:
    """Shows the upload's summary (`summary`), then one result line per uploaded file: green imported, blue already
    present, red refused; under a report refused for want of its dates, a date field and a button that imports it
    with them (`date_fix`). `slot`: the st.empty `import_uploads` drew its progress bar in (the lines replace it)."""
    if slot is not None:
        with slot.container():
            show_results(files, options, store)
        return
    results: dict = st.session_state.get(RESULTS, {})
    shown = [up for up in files if up.file_id in results]  # every file in the box: files dropped one after another
    if shown:  # are one upload
        added = [getattr(results[up.file_id][1], "rows_added", 0) for up in shown]
        kind, text = summary([up.name for up in shown], [results[up.file_id][0] for up in shown], lang(), added)
        if text:
            getattr(st, kind)(text, icon=ICONS[kind])
    for up in files:
        if up.file_id not in results:
            continue
        status, result = results[up.file_id]
        {"imported": st.success, "duplicate": st.info}.get(status, st.error)(fmt.plain(result_line(result)))
        if status == "rejected" and getattr(result, "reason", "") in DATE_REFUSALS:
            date_fix(up, result.reason, options or {}, store)


def date_fix(up, reason: str, options: dict, store: str | None) -> None:
    """Renders, under a report refused because nothing says which dates it covers, a date range (the snapshot day
    for a stock snapshot) and a button that imports the same file again with it: the import options the command
    line's --period / --as-of give (warehouse.ingest.options.normalise_options), so both import it alike.

    The button only queues the file with its dates (`PENDING`, before the next run starts): the next run imports it
    in `import_uploads` under a progress bar drawn where the refusal was. Imported here, under the button, the
    refusal stayed on screen the whole import (~20 s on the demo) with nothing saying it was running."""
    key = f"data_fix_{up.file_id}"
    a, b = st.columns([2, 1], vertical_alignment="bottom")
    if reason == "no_as_of":
        day = a.date_input(t("fix_as_of"), value=None, key=key, format=date_format())
        given = {"as_of": day} if isinstance(day, date) else None
    else:  # two fields, not a range: a range reads as one day until its popup closes, which kept the button off
        first, last = a.columns(2)
        start = first.date_input(t("fix_start"), value=None, key=f"{key}_start", format=date_format())
        end = last.date_input(t("fix_end"), value=None, key=f"{key}_end", format=date_format())
        ok = isinstance(start, date) and isinstance(end, date) and start <= end
        given = {"period": (start, end)} if ok else None
    b.button(t("fix_import"), key=f"{key}_go", disabled=given is None, icon=":material/upload_file:",
             on_click=_queue, args=(up.file_id, key, reason))  # fmt: skip


def _queue(file_id: str, key: str, reason: str) -> None:
    """The date button's callback: queues the file with the dates its fields hold now (read from the session, so a
    day typed just before the click counts) for `import_uploads`."""
    ss = st.session_state
    if reason == "no_as_of":
        day = ss.get(key)
        given = {"as_of": day} if isinstance(day, date) else None
    else:
        start, end = ss.get(f"{key}_start"), ss.get(f"{key}_end")
        ok = isinstance(start, date) and isinstance(end, date) and start <= end
        given = {"period": (start, end)} if ok else None
    if given:
        ss.setdefault(PENDING, {})[file_id] = given


def result_line(result) -> str:
    """Returns an import's one-line result in the page's language: file, report format (with its variant), rows
    added and already present, import number, warnings; a refused file's sentence comes from the importer."""
    from ui.variants import variant_label
    from warehouse.formats import by_id
    from warehouse.ingest.scope import label_suffix

    if result.status == "rejected":  # the refusal's code and values in the page's language (ui.refusal)
        from ui.refusal import refusal_text

        text = refusal_text(getattr(result, "reason", ""), getattr(result, "params", {}), result.message, lang())
        return t("line_rejected", message=text)
    try:
        fmt = by_id(result.format_id)
        label = fmt.label_zh if lang() == "zh" else fmt.label_en
    except (KeyError, ValueError):
        label = result.format_label
    variant = variant_label(result.format_id, result.variant, lang())  # its words from the catalog
    scope = getattr(result, "scope", "")
    if result.status == "duplicate":
        message = t("line_duplicate_msg", id=result.import_id)  # the importer's own English names the store by its id
        # the store of the earlier import, as an imported line names its store
        label += label_suffix(result.format_id, variant, scope, lang(), store=store_words(result.store))
        return t("line_duplicate", file=result.file_name, label=label, message=message)
    label += label_suffix(result.format_id, variant, scope, lang(), store=store_words(result.store))
    text = t("line_imported", file=result.file_name, label=label, added=f"{result.rows_added:,}",
             present=f"{result.rows_present:,}", id=result.import_id)  # fmt: skip
    shown = [warning_text(w, lang()) for w in result.warnings]  # each warning in the page's language
    return text + (t("line_warnings") + " | ".join(shown) if shown else "")


def store_words(store: str | None) -> str:
    """Returns the store an import went into as its result line names it: 'store “Main shop”' / '店铺“Main shop”',
    "the default store" / "默认店铺"; "" for a seller template (company-wide, no store)."""
    if store is None:
        return ""
    return t("line_store_default") if store == DEFAULT_STORE else t("line_store", name=store)


def undo_text(import_id: int, file_name: str, message: str) -> str:
    """Returns what an undo did in the page's language (the importer's sentence when it is not a plain undo)."""
    m = re.fullmatch(r"import #\d+ \(.*\) undone: ([\d,]+) rows removed\.", message)
    return t("undone", id=import_id, file=file_name, n=m.group(1)) if m else message


def uploader_css() -> str:
    """Returns CSS that writes the file uploader's own texts (English in Streamlit) in the page's language."""
    drop = '[data-testid="stFileUploaderDropzoneInstructions"]'
    return (
        f"<style>{drop} span, {drop} small {{display: none;}}"
        f"{drop} > div::before {{content: '{t('drop_here')}'; display: block;}}"
        f"{drop} > div::after {{content: '{t('drop_limit')}'; display: block; font-size: 0.8rem; opacity: 0.7;}}"
        f"[data-testid='stFileUploaderDropzone'] button > * {{display: none;}}"
        f"[data-testid='stFileUploaderDropzone'] button::after {{content: '{t('browse')}'; font-size: 1rem;}}"
        "</style>"
    )


def undo_form(history) -> None:
    """Renders the undo picker for active imports (newest first) and runs the undo on request, saying what it did."""
    if msg := st.session_state.pop("data_undo_msg", None):
        st.success(fmt.plain(msg))
    active = history.filter(history["status"] == "active")
    if active.is_empty():
        return
    rows = sorted(active.iter_rows(named=True), key=lambda r: r["import_id"], reverse=True)  # newest first
    labels = {r["import_id"]: f"#{r['import_id']} · {r['file_name']}" for r in rows}
    keep_choice("data_undo_pick", labels)
    a, b = st.columns([4, 1], vertical_alignment="bottom")
    pick = a.selectbox(
        t("undo_pick"),
        list(labels),
        placeholder=placeholder(list(labels)),
        format_func=labels.get,
        key="data_undo_pick",
    )
    if b.button(t("undo_button"), key="data_undo", icon=":material/undo:") and pick is not None:
        name = labels[pick].split(" · ", 1)[1]
        st.session_state["data_undo_msg"] = undo_text(int(pick), name, data.undo(int(pick)))
        st.rerun()  # the picker then drops the undone import and offers the newest one left
