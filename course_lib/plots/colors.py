"""One colour per optimizer, the same in every figure of the course.

Intuition: when the same optimizer always wears the same colour, a student can follow
Momentum from the ravine lesson to the race without reading a legend twice.

The colours are the Okabe-Ito palette (Okabe & Ito 2008), chosen so that people with the
common forms of colour blindness can still tell them apart. Surfaces use perceptually
uniform colormaps (viridis family), which are also colour-blind safe and print in grey.

Example:
    >>> optimizer_color("Momentum")
    '#D55E00'

References: M. Okabe and K. Ito (2008), "Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people".

Introduced in notebooks/04_gradient_descent; used by every figure after it.
"""


from course_lib.optimizers.base import optimizer_name

__all__ = ["OKABE_ITO", "OPTIMIZER_COLORS", "SURFACE_CMAP", "CONTOUR_CMAP",
           "optimizer_name", "optimizer_color"]

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

# Keyed by optimizer class name. Yellow is left out: it vanishes on light backgrounds.
OPTIMIZER_COLORS = {
    "GradientDescent": OKABE_ITO["blue"],
    "Momentum": OKABE_ITO["vermillion"],
    "Nesterov": OKABE_ITO["bluish green"],
    "AdaGrad": OKABE_ITO["reddish purple"],
    "RMSProp": OKABE_ITO["orange"],
    "Adam": OKABE_ITO["black"],
}
_OWN = OKABE_ITO["sky blue"]      # the one colour left for an optimizer of the student's own

SURFACE_CMAP = "viridis"   # 3-D surfaces
CONTOUR_CMAP = "cividis"   # filled contours under optimizer paths (lightened in plots)


def optimizer_color(obj):
    """The course colour of an optimizer (see `optimizer_name` for what `obj` may be).

    Intuition: one optimizer, one colour, in every figure of the course.

    Args:
        obj: an optimizer class, instance, Trajectory, or name ("Momentum", "SGD", ...).

    Returns: a hex colour; an optimizer of the student's own gets sky blue, the one
    Okabe-Ito colour no course optimizer uses (yellow is left out everywhere).

    Example:
        >>> optimizer_color("GradientDescent")
        '#0072B2'

    References: M. Okabe and K. Ito (2008), "Color Universal Design (CUD)".

    Introduced in notebooks/04_gradient_descent.
    """
    return OPTIMIZER_COLORS.get(optimizer_name(obj), _OWN)
