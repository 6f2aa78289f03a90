"""The step-through viewer: an ipywidgets panel over an EpisodeView, in the style of AgentLab's AgentXray
(debugger.py holds all the logic; this module only lays it out).

    viewer = StepViewer(load_episode(run_dir))
    display(viewer.widget)          # header, slider, the screenshot with the acted element boxed + the decision table,
                                    # and tabs: before/after, gallery, chat, page summary, AXTree, steps, record, final page
    viewer.show(3)                  # jump to step 3 (what moving the slider does)
    viewer.load(new_episode)        # re-point it: every view is refreshed (the live session does this after each step)
    browser = EpisodeBrowser(folder, viewer)   # the picker with site / outcome / deciding-layer filters
    display(browser.widget)
    display(run_view(run_dir, viewer))         # the run's episode table + its errors grouped; "open" shows an episode
    episode_picker(folder, viewer)             # the bare dropdown (natural order)
    display(side_by_side(path_a, path_b, step))  # two episodes of one task, both at `step` (where they parted)

The widget is plain ipywidgets (IntSlider, Image, HTML, Tab), so it renders in JupyterLab and in an executed notebook.
"""

from __future__ import annotations

import html
from pathlib import Path

from halo_lib.notebook.debugger import OUTCOMES, SOURCES, EpisodeView, StepView, episode_index, filter_episodes, load_episode

TABS = ("before / after", "gallery", "chat", "page summary", "AXTree", "steps", "record", "final page")
ROLE_COLORS = {"system": "#eef", "user": "#f4f4f4", "assistant": "#e8f6e8"}


def rows_html(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><th style='text-align:left;vertical-align:top;padding-right:12px'>{html.escape(label)}</th>"
        f"<td style='text-align:left;white-space:pre-wrap'>{html.escape(text)}</td></tr>"
        for label, text in rows
    )
    return f"<table class='halo-step'>{body}</table>"


def header_html(episode: EpisodeView) -> str:
    sources = ", ".join(f"{k} {v}" for k, v in episode.sources().items()) or "none"
    return (
        f"<b>{html.escape(episode.headline())}</b><br><i>{html.escape(episode.goal)}</i><br>"
        f"decided by: {html.escape(sources)} &nbsp; <small>{html.escape(str(episode.path))}</small>"
    )


def chat_html(messages: list[dict[str, str]]) -> str:
    """The step's prompt and LLM replies as chat bubbles."""
    if not messages:
        return "<i>no LLM call on this step (decided by the expert, the cache, a macro or a human)</i>"
    parts = []
    for m in messages:
        role = m.get("role", "?")
        who = m.get("who") or role
        parts.append(
            f"<div class='halo-msg halo-{html.escape(role)}' style='background:{ROLE_COLORS.get(role, '#fff')};"
            f"border-radius:6px;padding:6px 10px;margin:4px 0;{'margin-left:60px;' if role == 'assistant' else ''}'>"
            f"<b>{html.escape(who)}</b><pre style='white-space:pre-wrap;margin:4px 0 0 0'>{html.escape(m.get('content', ''))}</pre></div>"
        )
    return "".join(parts)


def _image_bytes(path: Path | None) -> bytes:
    return path.read_bytes() if path is not None and path.is_file() else b""


def thumbnail(path: Path | None, width: int = 320) -> bytes:
    """A small JPEG of a screenshot for the gallery (b"" when there is none)."""
    if path is None or not path.is_file():
        return b""
    import io

    from PIL import Image

    picture = Image.open(path).convert("RGB")
    picture.thumbnail((width, width * 4))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80)
    return out.getvalue()


class StepViewer:
    """Slider + screenshot (acted element boxed) + decision table + AgentXray-style tabs for one episode."""

    def __init__(self, episode: EpisodeView, image_width: int = 640):
        import ipywidgets as w

        self._w = w
        self.header = w.HTML()
        self.slider = w.IntSlider(value=0, min=0, max=0, description="step", continuous_update=False, layout=w.Layout(width="90%"))
        self.image = w.Image(format="jpg", layout=w.Layout(width=f"{image_width}px"))
        self.details = w.HTML()
        self.page = w.Textarea(value="", disabled=True, layout=w.Layout(width="100%", height="360px"), description="AXTree")
        half = f"{image_width // 2 + 40}px"
        self.before = w.Image(format="jpg", layout=w.Layout(width=half))
        self.after = w.Image(format="jpg", layout=w.Layout(width=half))
        self.after_label = w.HTML()
        self.gallery = w.GridBox(layout=w.Layout(grid_template_columns="repeat(5, 19%)"))
        self.chat = w.HTML()
        self.axtree = w.Textarea(value="", disabled=True, layout=w.Layout(width="100%", height="480px"))
        self.steps_table = w.HTML()
        self.record = w.HTML()
        self.final = w.Image(format="jpg", layout=w.Layout(width=f"{image_width}px"))
        self.final_label = w.HTML()
        self.tabs = w.Tab(
            children=[
                w.VBox(
                    [w.HBox([w.VBox([w.HTML("<b>before</b> (acted element boxed)"), self.before]), w.VBox([self.after_label, self.after])])]
                ),
                self.gallery,
                self.chat,
                self.page,
                self.axtree,
                self.steps_table,
                self.record,
                w.VBox([self.final_label, self.final]),
            ]
        )
        for i, title in enumerate(TABS):
            self.tabs.set_title(i, title)
        self.slider.observe(lambda change: self.show(change["new"]), names="value")
        self.tabs.observe(self._tab_opened, names="selected_index")
        self.widget = w.VBox([self.header, self.slider, w.HBox([self.image, self.details]), self.tabs])
        self.load(episode)

    def load(self, episode: EpisodeView, index: int | None = None) -> None:
        """Show `episode` (at its last step by default: the newest one in a live session); every view is refreshed."""
        self.episode = episode
        self.header.value = header_html(episode)
        self.steps_table.value = self._steps_html(episode)
        self.final.value = _image_bytes(episode.final_screenshot)
        self.final_label.value = (
            f"<b>the page after the last step</b> <small>{html.escape(str(episode.final_screenshot))}</small>"
            if episode.final_screenshot
            else "<i>no final screenshot (the episode did not finish)</i>"
        )
        self.gallery.children = ()
        if self.tabs.selected_index == TABS.index("gallery"):
            self.gallery.children = self._gallery(episode)
        last = max(0, len(episode.steps) - 1)
        target = last if index is None else min(max(0, index), last)
        self.slider.max = last
        if self.slider.value == target:
            self.show(target)
        else:
            self.slider.value = target  # triggers show()

    def current(self) -> StepView | None:
        steps = self.episode.steps
        return steps[self.slider.value] if steps else None

    def show(self, index: int) -> None:
        steps = self.episode.steps
        if not steps:
            self.details.value = "<i>no steps recorded</i>"
            for image in (self.image, self.before, self.after):
                image.value = b""
            self.page.value = self.axtree.value = ""
            self.chat.value = self.record.value = self.after_label.value = ""
            return
        index = min(max(0, index), len(steps) - 1)
        step = steps[index]
        self.details.value = rows_html(step.rows())
        self.page.value = step.page or "(no page summary in this step record)"
        self.axtree.value = step.full_axtree() or "(no AXTree recorded for this step: runs before the debugger recorded it)"
        self.chat.value = chat_html(step.chat())
        self.record.value = f"<pre style='white-space:pre-wrap;font-size:11px'>{html.escape(step.record_json())}</pre>"
        boxed = step.boxed_screenshot() or b""
        fmt = "png" if (step.screenshot is not None and step.screenshot.suffix == ".png") else "jpg"
        self.image.format = self.before.format = fmt
        self.image.value = boxed
        self.before.value = boxed
        after = self.episode.after(index)
        self.after.value = _image_bytes(after)
        self.after_label.value = (
            "<b>after</b> "
            + ("(final page)" if index == len(steps) - 1 else f"(step {steps[index + 1].step})")
            + f": <code>{html.escape(step.action)}</code>"
        )

    def _steps_html(self, episode: EpisodeView) -> str:
        if not episode.steps:
            return "<i>no steps recorded</i>"
        return episode.table().to_html(index=False, na_rep="", classes="halo-steps")

    def _tab_opened(self, change) -> None:
        """The gallery is built when its tab is opened (thumbnails of every step cost a moment on a long episode)."""
        if change["new"] == TABS.index("gallery") and not self.gallery.children:
            self.gallery.children = self._gallery(self.episode)

    def _gallery(self, episode: EpisodeView) -> list:
        w = self._w
        tiles = []
        for step in episode.steps:
            image = w.Image(value=thumbnail(step.screenshot), format="jpg", layout=w.Layout(width="100%"))
            button = w.Button(description=f"{step.step}: {step.action}"[:40], tooltip=step.action, layout=w.Layout(width="100%"))
            button.on_click(lambda _, i=step.index: setattr(self.slider, "value", i))
            tiles.append(w.VBox([image, button]))
        if episode.final_screenshot is not None:
            tiles.append(
                w.VBox(
                    [
                        w.Image(value=thumbnail(episode.final_screenshot), format="jpg", layout=w.Layout(width="100%")),
                        w.HTML("<center>final page</center>"),
                    ]
                )
            )
        return tiles


def episode_picker(folder, viewer: StepViewer):
    """A dropdown of every episode under `folder` (a run folder, a folder of runs, or an episode file's run; a relative
    path is read from the project root), in natural order; picking one shows it in `viewer`."""
    return EpisodeBrowser(folder, viewer).dropdown


class EpisodeBrowser:
    """The episode picker with filters: site, outcome, deciding layer (see debugger.episode_index)."""

    def __init__(self, folder, viewer: StepViewer):
        import ipywidgets as w

        from halo_lib.paths import resolve_path

        folder = resolve_path(folder)
        self.viewer = viewer
        self.entries = episode_index(folder)
        sites = sorted({e.site for e in self.entries})
        self.site = w.Dropdown(options=[("any site", "")] + [(s, s) for s in sites], description="site")
        self.outcome = w.Dropdown(options=[("any outcome", "")] + [(o, o) for o in OUTCOMES], description="outcome")
        self.layer = w.Dropdown(options=[("any layer", "")] + [(s, s) for s in SOURCES], description="decided by")
        self.count = w.HTML()
        self.dropdown = w.Dropdown(options=[], value=None, description="episode", layout=w.Layout(width="90%"))
        self._refill()
        current = str(viewer.episode.path)
        if current in [v for _, v in self.dropdown.options]:
            self.dropdown.value = current
        for control in (self.site, self.outcome, self.layer):
            control.observe(lambda _: self._refill(), names="value")
        self.dropdown.observe(self._pick, names="value")
        self.widget = w.VBox([w.HBox([self.site, self.outcome, self.layer, self.count]), self.dropdown])

    def shown(self):
        return filter_episodes(self.entries, site=self.site.value, outcome=self.outcome.value, layer=self.layer.value)

    def _refill(self) -> None:
        shown = self.shown()
        current = self.dropdown.value
        options = [(e.label, str(e.path)) for e in shown]
        self.dropdown.options = options
        self.dropdown.value = current if current in [v for _, v in options] else None
        self.count.value = f"{len(shown)} of {len(self.entries)} episodes"

    def _pick(self, change) -> None:
        if change["new"]:
            self.viewer.load(load_episode(change["new"]))


def run_view(folder, viewer: StepViewer | None = None):
    """A run folder's episodes as a table (task, outcome, steps, error, error_kind, cost) with the errors grouped
    above it; each row's "open" button shows that episode in `viewer`. Returns the ipywidgets VBox."""
    import ipywidgets as w

    from halo_lib.notebook.runview import error_groups, run_table

    table = run_table(folder)
    groups = error_groups(table)
    if groups:
        items = "".join(
            f"<li><b>{g['count']}×</b> {html.escape(g['kind'] or 'error')}: <code>{html.escape(g['error'])}</code>"
            f" <small>({html.escape(', '.join(g['episodes'][:8]))}{' ...' if len(g['episodes']) > 8 else ''})</small></li>"
            for g in groups
        )
        report = f"<b>Errors</b><ul>{items}</ul>"
    else:
        report = "<b>No errors</b>"
    counts = table["outcome"].value_counts().to_dict() if len(table) else {}
    head = w.HTML(f"<b>{len(table)} episodes</b>: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + "<br>" + report)
    columns = ["", "task", "outcome", "steps", "error", "error_kind", "tokens", "calls"]
    cells = [w.HTML(f"<b>{c}</b>") for c in columns]
    for row in table.itertuples(index=False):
        button = w.Button(description="open", layout=w.Layout(width="60px"), disabled=viewer is None)
        if viewer is not None:
            button.on_click(lambda _, path=row.path: viewer.load(load_episode(path)))
        color = {"success": "#080", "failure": "#b60", "error": "#b00"}.get(row.outcome, "#555")
        cells += [
            button,
            w.HTML(html.escape(f"{row.task_id}#{row.rollout}")),
            w.HTML(f"<span style='color:{color}'>{html.escape(row.outcome)}</span>"),
            w.HTML(str(row.steps)),
            w.HTML(f"<small>{html.escape(row.error if isinstance(row.error, str) else '')[:160]}</small>"),
            w.HTML(html.escape(row.error_kind if isinstance(row.error_kind, str) else "")),
            w.HTML(str(row.tokens)),
            w.HTML(str(row.calls)),
        ]
    grid = w.GridBox(cells, layout=w.Layout(grid_template_columns="70px 180px 80px 50px auto 70px 70px 50px"))
    return w.VBox([head, grid])


def side_by_side(path_a, path_b, step: int | None = None, labels: tuple[str, str] = ("A", "B"), image_width: int = 480):
    """Two episodes of the same task next to each other, both at `step` (e.g. paired.divergence's first differing
    step; None: the last step), each with its own slider. Returns the ipywidgets HBox; `.viewers` holds both."""
    import ipywidgets as w

    viewers = []
    columns = []
    for path, label in zip((path_a, path_b), labels):
        viewer = StepViewer(load_episode(path), image_width=image_width)
        if step is not None:
            viewer.load(viewer.episode, index=int(step))
        viewers.append(viewer)
        columns.append(w.VBox([w.HTML(f"<h4>{html.escape(label)}</h4>"), viewer.widget], layout=w.Layout(width="50%")))
    box = w.HBox(columns)
    box.viewers = viewers
    return box
