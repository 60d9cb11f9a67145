"""Headings' anchors on the site, made as JupyterLab makes them (used by docs/conf.py)."""


def jupyter_anchor(heading):
    """'Curvature along a direction' -> 'Curvature-along-a-direction': spaces to hyphens,
    case and punctuation kept, as in JupyterLab's links to a notebook's headings."""
    return heading.strip().replace(" ", "-")
