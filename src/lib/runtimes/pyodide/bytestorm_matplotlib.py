"""A matplotlib backend that shows figures through bytestorm.display (MPLBACKEND points here)."""

import io

import bytestorm
from matplotlib._pylab_helpers import Gcf
from matplotlib.backends.backend_agg import FigureCanvasAgg

FigureCanvas = FigureCanvasAgg


def show(*args, **kwargs):
    """Shows every open figure as a PNG in the output pane, then closes them, like a notebook."""
    for manager in Gcf.get_all_fig_managers():
        buffer = io.BytesIO()
        manager.canvas.figure.savefig(buffer, format="png", bbox_inches="tight")
        bytestorm.display(buffer.getvalue(), "image/png")
    Gcf.destroy_all()
