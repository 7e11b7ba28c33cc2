import subprocess
import sys

import newsprism


def test_init_every_public_name_resolves():
    for name in newsprism.__all__:
        assert getattr(newsprism, name) is not None, name


def test_init_import_is_light():
    # `import newsprism` must not pull in spaCy or torch (the CLI's --help and
    # settings stay instant); stages import their models lazily.
    code = "import sys, newsprism; print(any(m in sys.modules for m in ('spacy', 'torch', 'sentence_transformers')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
