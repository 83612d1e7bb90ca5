"""Bytestorm's pip, the part that runs inside Python, loaded as the module ``_bytestorm_pip``.

It unpacks pure-Python wheels into site-packages (a wheel is a zip laid out as site-packages
wants it, plus a ``.data`` folder), removes installed distributions by their RECORD, and tells
the JavaScript side what is installed and which values environment markers test.
"""

import importlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import sys
import sysconfig
import zipfile

# Pyodide's prefix is "/", which sysconfig turns into "//lib/...".
SITE_PACKAGES = "/" + sysconfig.get_path("purelib").lstrip("/")
INSTALLER = "bytestorm"


def _normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def site_packages():
    return SITE_PACKAGES


def marker_environment():
    """The environment markers are evaluated against, as ``packaging.markers`` computes it."""
    implementation = sys.implementation
    version = implementation.version
    implementation_version = f"{version.major}.{version.minor}.{version.micro}"
    if version.releaselevel != "final":
        implementation_version += version.releaselevel[0] + str(version.serial)
    return json.dumps(
        {
            "implementation_name": implementation.name,
            "implementation_version": implementation_version,
            "os_name": os.name,
            "platform_machine": platform.machine(),
            "platform_python_implementation": platform.python_implementation(),
            "platform_release": platform.release(),
            "platform_system": platform.system(),
            "platform_version": platform.version(),
            "python_full_version": platform.python_version(),
            "python_version": ".".join(platform.python_version_tuple()[:2]),
            "sys_platform": sys.platform,
        }
    )


def installed_versions():
    """{normalised name: version} of every distribution Python can import."""
    versions = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            versions.setdefault(_normalize(name), distribution.version)
    return json.dumps(versions)


def installed_list():
    """[[name, version], ...] sorted by name, for ``pip list`` and ``pip freeze``."""
    seen = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            seen.setdefault(_normalize(name), [name, distribution.version])
    return json.dumps(sorted(seen.values(), key=lambda item: item[0].lower()))


def install_wheel(path):
    """Unpacks the wheel at ``path`` into site-packages; returns its top-level names."""
    target_root = os.path.realpath(SITE_PACKAGES)
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        dist_info = next(
            (name.split("/")[0] for name in names if re.fullmatch(r"[^/]+\.dist-info/WHEEL", name)),
            None,
        )
        if dist_info is None:
            raise ValueError("the wheel has no .dist-info/WHEEL file")
        data_dir = dist_info[: -len(".dist-info")] + ".data"
        top_levels = set()
        for info in wheel.infolist():
            name = info.filename
            if info.is_dir():
                continue
            if name.startswith(data_dir + "/"):
                parts = name.split("/", 2)
                # Scripts, headers and data files have no place in the browser.
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                name = parts[2]
            target = os.path.realpath(os.path.join(target_root, name))
            if not target.startswith(target_root + os.sep):
                raise ValueError(f"the wheel has a file outside site-packages: {info.filename}")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with wheel.open(info) as source, open(target, "wb") as destination:
                shutil.copyfileobj(source, destination)
            top_levels.add(name.split("/")[0])
    with open(os.path.join(target_root, dist_info, "INSTALLER"), "w") as file:
        file.write(INSTALLER + "\n")
    _forget(top_levels)
    return json.dumps(sorted(top_levels))


def uninstall(name):
    """Removes an installed distribution's files (as its RECORD lists them); returns its version,
    or None when it is not installed."""
    try:
        distribution = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return None
    version = distribution.version
    root = os.path.realpath(SITE_PACKAGES)
    folders = set()
    top_levels = set()
    for file in distribution.files or ():
        path = os.path.realpath(file.locate())
        if not path.startswith(root + os.sep):
            continue
        top_levels.add(os.path.relpath(path, root).split(os.sep)[0])
        folders.add(os.path.dirname(path))
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
    info = getattr(distribution, "_path", None)
    if info is not None and os.path.isdir(info):
        shutil.rmtree(info, ignore_errors=True)
    # Deepest first, so a package's folders go before the package's own.
    for folder in sorted(folders, key=len, reverse=True):
        while folder.startswith(root + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
    _forget(top_levels)
    return version


def _forget(top_levels):
    """Drops imported modules of a replaced distribution, so the next run imports the new one."""
    modules = {name[:-3] if name.endswith(".py") else name for name in top_levels}
    for name in list(sys.modules):
        if name.split(".")[0] in modules:
            del sys.modules[name]
    importlib.invalidate_caches()
