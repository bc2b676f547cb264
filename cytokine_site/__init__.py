"""Code behind the DGS Healthcare cytokine-therapy website (README.md lists each module and its one job).

mkdocs-macros imports this package (``module_name: cytokine_site``) and calls ``define_env`` and
``on_post_page_macros`` from :mod:`cytokine_site.macros`, looked up lazily, so ``import cytokine_site.model``
loads neither MkDocs, Babel, Pillow nor Markdown. MkDocs loads :mod:`cytokine_site.hooks` by its path
(``hooks:`` in ``mkdocs.yml``).
"""

from __future__ import annotations

from typing import Any

_MACRO_HOOKS = ("define_env", "on_post_page_macros")
__all__ = list(_MACRO_HOOKS)


def __getattr__(name: str) -> Any:
    if name not in _MACRO_HOOKS:
        raise AttributeError(name)
    try:
        from . import macros
    except ImportError:  # loaded as a bare file, as Zensical's macros extension does: import the installed package
        from cytokine_site import macros
    return getattr(macros, name)
