"""A 2-D slice through a network's loss landscape, along filter-normalized directions.

A network has thousands of parameters, so its loss surface cannot be drawn. What can be
drawn is a *slice*: pick the trained weights theta* and two directions d1, d2 in
parameter space, and plot

    L(alpha, beta) = loss(theta* + alpha d1 + beta d2)

over a grid of (alpha, beta). With plain random directions the picture depends on the
weights' scale (a layer whose weights are small would look far flatter or sharper than
it is). Li et al. (2018) rescale the random direction filter by filter: for each unit
j of layer i, the slice of d that feeds that unit gets the same norm as the trained
weights feeding it,

    d_ij <- d_ij / ||d_ij|| * ||theta*_ij||,

so a step of alpha = 1 changes every unit's weights by about their own size. Biases
(1-D parameters) get a zero direction, as in the paper's default.

With the course's weight layout (W of shape (n_inputs, n_units), X @ W), unit j's
weights are the column W[:, j].

Example:
    >>> from course_lib.learning.mlp import MLP
    >>> model = MLP(n_inputs=4, n_hidden=3, n_classes=2, seed=0)
    >>> d1 = random_direction(model.params, rng=1)
    >>> [d.shape for d in d1] == [p.shape for p in model.params]
    True

Reference: H. Li, Z. Xu, G. Taylor, C. Studer and T. Goldstein (2018), "Visualizing the
Loss Landscape of Neural Nets", Advances in Neural Information Processing Systems 31.

Introduced in notebooks/02_loss_surfaces.
"""

import numpy as np

from .._validate import one_of, shaped

__all__ = ["random_direction", "loss_slice"]


def random_direction(params, rng=None, biases=False):
    """A random direction in parameter space, normalized filter by filter (Li et al. 2018).

    Intuition: a step of 1 along the direction should change every unit's weights by
    about their own size, whatever the layer's scale, so slices of different networks
    can be compared.

    Rule: d ~ N(0, I), then for each unit j of each weight array d_j <- d_j / ||d_j||
    ||theta*_j|| (theta* the trained weights); 1-D parameters (biases) get 0 unless
    ``biases``.

    Args:
        params: list of float arrays (e.g. ``model.params``), the trained weights theta*.
        rng: numpy Generator or int seed (None: fresh entropy).
        biases: if False (default) 1-D parameters get a zero direction; if True they get
            a random direction scaled to their own norm.

    Returns: a list of arrays with the shapes of ``params``. For a 2-D array W (columns
    = units) column j has norm ||W[:, j]||; for higher-dimensional arrays (convolution
    filters, first axis = output channel) each ``d[j]`` has norm ``||W[j]||``.

    Example:
        >>> W = np.array([[3.0, 0.0], [4.0, 1.0]])          # unit norms 5 and 1
        >>> d, = random_direction([W], rng=0)
        >>> np.linalg.norm(d, axis=0).round(6)
        array([5., 1.])

    References: Li, Xu, Taylor, Studer & Goldstein (2018), "Visualizing the Loss Landscape
    of Neural Nets", NeurIPS. Introduced in notebooks/02_loss_surfaces.
    """
    if isinstance(params, np.ndarray):
        params = [params]
    rng = np.random.default_rng(rng)
    direction = []
    for p in params:
        p = np.asarray(p, dtype=float)
        d = rng.standard_normal(p.shape)
        if p.ndim <= 1:
            d = d * np.linalg.norm(p) / max(np.linalg.norm(d), 1e-12) if biases \
                else np.zeros_like(p)
        elif p.ndim == 2:
            d *= np.linalg.norm(p, axis=0) / np.maximum(np.linalg.norm(d, axis=0), 1e-12)
        else:
            axes = tuple(range(1, p.ndim))
            scale = (np.sqrt(np.sum(p ** 2, axis=axes)) /
                     np.maximum(np.sqrt(np.sum(d ** 2, axis=axes)), 1e-12))
            d *= scale.reshape((-1,) + (1,) * (p.ndim - 1))
        direction.append(d)
    return direction


def loss_slice(model, X, y, d1, d2, alphas, betas):
    """The loss of ``model`` at theta* + alpha d1 + beta d2 for every alpha, beta.

    Intuition: a 2-D window onto a loss surface with thousands of dimensions, centred on
    the trained weights.

    Rule: Z[i, j] = L(theta* + alphas[j] d1 + betas[i] d2), where theta* is
    ``model.params`` when called; it is restored (same values, same array objects)
    before returning, even if the loss raises. (alpha, beta here are slice coordinates,
    not a learning rate or momentum.)

    Args:
        model: any course_lib model (``params``, ``loss(X, y)``).
        X, y: the data to measure the loss on.
        d1, d2: directions, lists of arrays shaped like ``model.params``
            (e.g. from ``random_direction``).
        alphas, betas: 1-D arrays of step sizes along d1 and d2.

    Returns: Z of shape (len(betas), len(alphas)), Z[i, j] = loss at (alphas[j],
    betas[i]): the layout of ``np.meshgrid(alphas, betas)``, ready for ``contour``.

    Example:
        >>> from course_lib.learning.models import LinearRegression
        >>> model = LinearRegression(n_features=1)             # theta* = (w, b) = (0, 0)
        >>> X, y = np.array([[1.0], [2.0]]), np.array([1.0, 2.0])
        >>> d1, d2 = [np.ones(1), np.zeros(1)], [np.zeros(1), np.ones(1)]
        >>> loss_slice(model, X, y, d1, d2, alphas=[0.0, 1.0], betas=[0.0])  # w = 1 fits
        array([[2.5, 0. ]])

    References: Li et al. (2018), as above. Introduced in notebooks/02_loss_surfaces.
    """
    params = model.params
    hint = "make it with random_direction(model.params)"
    for name, d in (("d1", d1), ("d2", d2)):
        one_of(f"len({name})", len(d), (len(params),), f"one array per parameter; {hint}")
        for i, (a, p) in enumerate(zip(d, params)):
            shaped(f"{name}[{i}]", a, p.shape, f"the shape of model.params[{i}]; {hint}")
    alphas, betas = np.asarray(alphas, dtype=float), np.asarray(betas, dtype=float)
    center = [p.copy() for p in params]
    Z = np.empty((len(betas), len(alphas)))
    try:
        for i, beta in enumerate(betas):
            for j, alpha in enumerate(alphas):
                for p, c, a, b in zip(params, center, d1, d2):
                    np.multiply(a, alpha, out=p)      # p = c + alpha a + beta b, in place
                    p += c
                    p += beta * b
                Z[i, j] = model.loss(X, y)
    finally:
        for p, c in zip(params, center):
            p[...] = c
    return Z
