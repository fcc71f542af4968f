"""Bar charts for the notebooks: one panel a measure, one bar a thing measured."""

import matplotlib.pyplot as plt


def bars(panels: dict[str, dict[str, float]], title: str = ""):
    """A figure of side-by-side bar charts, {panel title: {bar label: value}}, values on bars."""
    figure, axes = plt.subplots(1, len(panels), figsize=(4.5 * len(panels), 3.2), squeeze=False)
    for axis, (panel, values) in zip(axes[0], panels.items(), strict=True):
        drawn = axis.bar(list(values), list(values.values()), color=["#3f51b5", "#ff9800"])
        axis.bar_label(drawn, fmt="%.3g", padding=2)
        axis.set_title(panel)
        axis.margins(y=0.15)
        axis.spines[["top", "right"]].set_visible(False)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure
