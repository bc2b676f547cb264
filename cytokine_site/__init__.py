"""Code behind the DGS Healthcare cytokine-therapy website.

- ``model``: the typed model of ``data/prices.yml``;
- ``loader``: reads the file and turns every problem into one editor-readable line;
- ``render``: pure functions from validated data to escaped HTML;
- ``organization``: the owner-supplied business facts in ``mkdocs.yml``;
- ``macros``: the thin mkdocs-macros adapter (``define_env``);
- ``seo``: pure builders for titles, structured data, social tags and robots.txt;
  ``seo_macros`` feeds them from each page (``on_post_page_macros``, ``on_post_build``; ``macros`` calls them);
  ``share_image`` draws the link-preview images.

mkdocs-macros imports this package (``module_name: cytokine_site``) and calls
``define_env``; Zensical's macros extension does the same.
"""

try:
    from .macros import define_env, on_post_build, on_post_page_macros
except ImportError:  # loaded as a bare file, as Zensical's macros extension does: import the package properly
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from cytokine_site.macros import define_env, on_post_build, on_post_page_macros

__all__ = ["define_env", "on_post_page_macros", "on_post_build"]
