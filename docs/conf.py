"""Sphinx configuration of the skgan documentation."""

import os
import sys
import warnings
from datetime import date

import skgan

# -- Project -----------------------------------------------------------------

project = "skgan"
author = "the skgan developers"
copyright = f"{date.today().year}, {author}"
release = skgan.__version__
version = ".".join(release.split(".")[:2])

# -- General -----------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "myst_parser",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py",
                    "auto_examples/*.zip", "**.md5", "README.md"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
default_role = "literal"
nitpicky = False

autosummary_generate = True
autodoc_default_options = {}
autodoc_typehints = "none"

# numpydoc renders the sections; the autosummary tables of methods come from
# the templates in _templates/autosummary.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
# Checked during the build (warnings are errors in `make docs`): every
# documented object has a docstring, documents each parameter it takes, and
# names no parameter it does not take.
numpydoc_validation_checks = {"GL08", "PR01", "PR02"}
numpydoc_validation_exclude = {
    r"\.__init__$",
    # Methods inherited from imbalanced-learn, documented there.
    r"^skgan\.GANOverSampler\.(fit|fit_resample)$",
    # A read-only mapping: its docstring is the attribute docstring in the
    # source, which autodoc shows but numpydoc cannot see on the object.
    r"^skgan\.metrics\.SCORERS$",
}

intersphinx_mapping = {}  # the build runs offline: no remote inventories

myst_heading_anchors = 3

# -- Gallery -----------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
    "capture_repr": ("_repr_html_", "__repr__"),
    "doc_module": ("skgan",),
    "backreferences_dir": "generated/backreferences",
    "show_memory": False,
    "plot_gallery": "True",
}

# The gallery's networks are small: one torch thread trains them about as
# fast as two and does not fight other processes for the cores.
import torch  # noqa: E402

torch.set_num_threads(1)

# Keep example output free of noise that is not about skgan.
os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
warnings.filterwarnings("ignore", category=UserWarning, message=".*non-GUI backend.*")

# -- HTML --------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"skgan {release}"
html_static_path = []
html_show_sourcelink = False
html_theme_options = {
    "navbar_align": "left",
    "show_prev_next": False,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_context = {"default_mode": "light"}

sys.path.insert(0, os.path.abspath(".."))
