"""The step-through viewer: an ipywidgets panel over an EpisodeView (debugger.py holds all the logic).

    viewer = StepViewer(load_episode(run_dir))
    display(viewer.widget)          # slider; per step the screenshot, the summarized AXTree, the decision table
    viewer.show(3)                  # jump to step 3 (what moving the slider does)
    viewer.load(new_episode)        # re-point it (the live session does this after each step)
    display(episode_picker(run_dir, viewer))   # a dropdown of every episode under a folder of runs

The widget is plain ipywidgets (IntSlider, Image, HTML), so it renders in JupyterLab and in an executed notebook.
"""
from __future__ import annotations

import html

from halo_lib.notebook.debugger import EpisodeView, StepView


def rows_html(rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><th style='text-align:left;vertical-align:top;padding-right:12px'>{html.escape(label)}</th>"
        f"<td style='text-align:left;white-space:pre-wrap'>{html.escape(text)}</td></tr>" for label, text in rows
    )
    return f"<table class='halo-step'>{body}</table>"


def header_html(episode: EpisodeView) -> str:
    sources = ", ".join(f"{k} {v}" for k, v in episode.sources().items()) or "none"
    return (
        f"<b>{html.escape(episode.headline())}</b><br><i>{html.escape(episode.goal)}</i><br>"
        f"decided by: {html.escape(sources)} &nbsp; <small>{html.escape(str(episode.path))}</small>"
    )


class StepViewer:
    """Slider + screenshot + decision table + page summary for one episode."""

    def __init__(self, episode: EpisodeView, image_width: int = 640):
        import ipywidgets as w

        self.header = w.HTML()
        self.slider = w.IntSlider(value=0, min=0, max=0, description="step", continuous_update=False,
                                  layout=w.Layout(width="90%"))
        self.image = w.Image(format="jpg", layout=w.Layout(width=f"{image_width}px"))
        self.details = w.HTML()
        self.page = w.Textarea(value="", disabled=True, layout=w.Layout(width="100%", height="360px"),
                               description="AXTree")
        self.slider.observe(lambda change: self.show(change["new"]), names="value")
        self.widget = w.VBox([self.header, self.slider, w.HBox([self.image, self.details]), self.page])
        self.load(episode)

    def load(self, episode: EpisodeView, index: int | None = None) -> None:
        """Show `episode` (at its last step by default: the newest one in a live session)."""
        self.episode = episode
        self.header.value = header_html(episode)
        last = max(0, len(episode.steps) - 1)
        self.slider.max = last
        target = last if index is None else min(max(0, index), last)
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
            self.image.value = b""
            self.page.value = ""
            return
        step = steps[min(max(0, index), len(steps) - 1)]
        self.details.value = rows_html(step.rows())
        self.page.value = step.page or "(no page summary in this step record)"
        shot = step.screenshot
        if shot is not None and shot.is_file():
            self.image.format = "png" if shot.suffix == ".png" else "jpg"
            self.image.value = shot.read_bytes()
        else:
            self.image.value = b""


def episode_picker(folder, viewer: StepViewer):
    """A dropdown of every episode under `folder` (a run folder, a folder of runs, or an episode file's run);
    picking one shows it in `viewer`."""
    from pathlib import Path

    import ipywidgets as w

    from halo_lib.notebook.debugger import find_episodes, load_episode

    folder = Path(folder)
    root = folder.parent.parent if folder.is_file() else folder
    options = [(str(p.relative_to(root)), str(p)) for p in find_episodes(root)]
    current = str(viewer.episode.path)
    picker = w.Dropdown(options=options, value=current if current in [v for _, v in options] else None,
                        description="episode", layout=w.Layout(width="90%"))

    def pick(change) -> None:
        if change["new"]:
            viewer.load(load_episode(change["new"]))

    picker.observe(pick, names="value")
    return picker
