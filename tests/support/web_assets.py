"""The web assets of the site and the decks: one pinned, pruned, local copy in build/assets/.

package.json and package-lock.json pin reveal.js 4, MathJax 2, require.js, jQuery 2 and the
widget renderer (@jupyter-widgets/html-manager 1). `ensure()` installs them with `npm ci`
when node_modules is missing or older than the lock file, then copies only the files a
page loads into build/assets/ (about 10 MB instead of node_modules' 200 MB; MathJax keeps
its CommonHTML output and TeX web fonts, not its 70 MB of other outputs and fonts). The
decks (build/slides/) and the site (build/site/) both point at this one copy by a relative
URL, so nothing is fetched from a CDN and both work with no network; publish build/assets
next to them.

reveal.js's "simple" theme imports two Google web fonts: the copy drops those @import lines
(the theme falls back to the system's sans-serif fonts).

Run: .venv/bin/python tests/support/web_assets.py
"""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
LOCK = ROOT / "package-lock.json"
OUT = ROOT / "build" / "assets"

# What is copied, per package: globs under the package folder
KEEP = {
    "reveal.js": ["LICENSE", "dist/reveal.css", "dist/reveal.js", "dist/theme/simple.css",
                  "plugin/notes/notes.js"],
    "mathjax": ["LICENSE", "MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                "extensions/**/*", "jax/input/TeX/**/*", "jax/element/**/*",
                "jax/output/CommonHTML/**/*", "fonts/HTML-CSS/TeX/woff/**/*",
                "localization/en/**/*"],
    "requirejs": ["require.js", "LICENSE"],
    "jquery": ["dist/jquery.min.js", "LICENSE.txt"],
    "@jupyter-widgets/html-manager": ["dist/embed-amd.js", "dist/*.woff", "dist/*.woff2",
                                      "dist/*.ttf", "LICENSE"],
}
# The URLs a page uses, relative to build/assets/
MATHJAX = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
REVEAL = "reveal.js"
REQUIRE = "requirejs/require.js"
JQUERY = "jquery/dist/jquery.min.js"
WIDGETS = "@jupyter-widgets/html-manager/dist/embed-amd.js"
# Ours, loaded after require.js. The widget renderer's bundle defines the AMD modules
# "@jupyter-widgets/base", "/controls", "/html-manager" and the embedder
# "@jupyter-widgets/html-manager/dist/libembed-amd", and each finds its icon fonts next to
# its own module URL as require.js resolves it: by default under the page's folder (404s
# there). Mapping both prefixes to dist/ puts those URLs next to the fonts in this copy.
WIDGET_PATHS = "widget-paths.js"
WIDGET_PATHS_JS = """// The widget renderer's modules (@jupyter-widgets/base, /controls, /html-manager/...) load
// their icon fonts from their own module URL: point that URL at the folder the fonts are in,
// next to this script, not next to the page.
(function () {
  var self = document.currentScript
    || document.querySelector('script[src*="widget-paths.js"]');
  var dist = new URL("@jupyter-widgets/html-manager/dist", self.src).href;
  require.config({paths: {"@jupyter-widgets": dist,
                          "@jupyter-widgets/html-manager/dist": dist}});
})();
"""
WEB_FONT = "@import url(https://fonts.googleapis.com"


def npm_ci():
    """`npm ci` in the repository, when node_modules is missing or older than the lock."""
    installed = NODE_MODULES / ".package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= LOCK.stat().st_mtime:
        return
    if not shutil.which("npm"):
        raise RuntimeError("npm was not found: the site and the decks need Node.js and npm "
                           "to install their pinned web assets (Debian/Ubuntu: "
                           "`sudo apt-get install nodejs npm`), then run the make target again")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts",
                    "--loglevel=error"], cwd=ROOT, check=True)


def _stamp():
    return hashlib.sha256(LOCK.read_bytes() + Path(__file__).read_bytes()).hexdigest()


def ensure(out=OUT):
    """build/assets/, copied from node_modules unless already copied from this lock file."""
    out = Path(out)
    stamp = out / ".stamp"
    if stamp.exists() and stamp.read_text() == _stamp():
        return out
    npm_ci()
    if out.exists():
        shutil.rmtree(out)
    for package, patterns in KEEP.items():
        source = NODE_MODULES / package
        version = json.loads((source / "package.json").read_text())["version"]
        copied = 0
        for pattern in patterns:
            for file in source.glob(pattern):
                if file.is_file():
                    target = out / package / file.relative_to(source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(file, target)
                    copied += 1
        if not copied:
            raise RuntimeError(f"no file of {package} {version} matched {patterns}: "
                               "update KEEP in tests/support/web_assets.py for this version")
    (out / WIDGET_PATHS).write_text(WIDGET_PATHS_JS)
    theme = out / "reveal.js" / "dist" / "theme" / "simple.css"
    theme.write_text("".join(line for line in theme.read_text().splitlines(keepends=True)
                             if not line.startswith(WEB_FONT)))
    stamp.write_text(_stamp())
    return out


def size(out=OUT):
    return sum(f.stat().st_size for f in Path(out).rglob("*") if f.is_file())


if __name__ == "__main__":
    path = ensure()
    print(f"{path}: {size(path) / 1e6:.1f} MB")
    sys.exit(0)
