# Sphinx configuration of the dated report's site (and of the single page its PDF is printed
# from). The build passes what changes per report with -D: language, html_title, project.
# Nothing is fetched from the network: no MathJax, no widget scripts, the theme's own assets.
import os

extensions = ["myst_nb"]
project = "Best practice i cluster management"
author = "The cluster-report project contributors"
copyright = ""
language = "da"
master_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# The notebooks arrive executed (papermill): render their stored outputs, never run them again.
nb_execution_mode = "off"
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
nb_merge_streams = True
myst_enable_extensions: list[str] = []
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_css_files = ["edition.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_permalinks = True
# The footer of every page: the edition's licence and the report it is made from, in the build's
# language (the build passes it, HTML-escaped, in EDITION_FOOTER); no "By" and no copyright line.
html_theme_options = {
    "footer_content_items": ["extra-footer.html"],
    "extra_footer": os.environ.get("EDITION_FOOTER", ""),
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "show_navbar_depth": 1,
    "navigation_with_keys": False,
}
# Sphinx wants a MathJax path; it is used only by pages with maths, and ours have none.
mathjax_path = "mathjax-not-bundled.js"


def _escape_theme_titles(app, pagename, templatename, context, doctree):
    """sphinx-book-theme (1.4.0) puts a page's title into its layout as plain text
    (context["pagetitle"] = title.astext(), then <h1>{{ pagetitle }}</h1> unescaped), so a name
    such as 'Acme <img src=x onerror=...>' would run as HTML. Runs after the theme's handler
    (a higher priority number) and escapes what it set."""
    from markupsafe import escape

    for key in ("pagetitle", "root_title", "page_description"):
        if isinstance(context.get(key), str) and not hasattr(context[key], "__html__"):
            context[key] = escape(context[key])


def setup(app):
    app.connect("html-page-context", _escape_theme_titles, priority=900)
