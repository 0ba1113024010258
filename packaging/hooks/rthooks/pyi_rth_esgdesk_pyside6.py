# Replaces PyInstaller's PySide6 run-time hook, which imports QtCore at every start: loading Qt and ICU
# costs about 0.4 s that `esgdesk validate`, `export` and the Arelle subprocess never need. The same
# set-up (plugin paths, an embedded qt.conf pointing Qt at the bundle) happens here, the qt.conf part
# only once something imports PySide6.QtCore.
def _esgdesk_rthook():
    import importlib.abc
    import importlib.util
    import os
    import sys

    qt_dir = (
        os.path.join(sys._MEIPASS, "PySide6")
        if sys.platform.startswith("win")
        else os.path.join(sys._MEIPASS, "PySide6", "Qt")
    )
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_dir, "qml")
    if sys.platform.startswith("win"):
        os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")

    class AfterQtCore(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            if spec is None or spec.loader is None:
                return spec
            loader = spec.loader
            exec_module = loader.exec_module

            def exec_then_configure(module):
                exec_module(module)
                from _pyi_rth_utils import qt as qt_rth_utils

                qt_rth_utils.create_embedded_qt_conf("PySide6", qt_dir)

            loader.exec_module = exec_then_configure
            return spec

    sys.meta_path.insert(0, AfterQtCore())


_esgdesk_rthook()
del _esgdesk_rthook
