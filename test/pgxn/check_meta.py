"""Check META.json against the PGXN Meta Spec 1.0 and the extension's control file.

Usage: check_meta.py ROOT.  Checks that META.json is well-formed JSON, follows
the spec (required keys, SemVer versions, known licence names, terms, prereq
phases and relationships with version ranges, provides entries naming files
that exist, no unknown keys except x_ ones), and that its version and the
provided extension's version equal the control file's default_version written
as SemVer (PGXN requires major.minor.patch: default_version '1.0' is 1.0.0).
Then mutates copies to show that each kind of mistake is caught.  Prints
"N passed, N failed"; exit status 1 on any failure.
"""
import copy
import json
import os
import re
import sys

SEMVER = (r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
          r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?")
LICENSES = {"agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd", "freebsd",
            "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1", "lgpl_3_0", "mit",
            "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5", "postgresql", "qpl_1_0", "ssleay",
            "sun", "zlib", "open_source", "restricted", "unrestricted", "unknown"}
TOP = {"name", "version", "abstract", "maintainer", "license", "provides", "meta-spec",
       "description", "generated_by", "tags", "no_index", "prereqs", "release_status", "resources"}
REQUIRED = ["name", "version", "abstract", "maintainer", "license", "provides", "meta-spec"]


def custom(key):
    return re.match(r"^[xX]_.", key) is not None


def semver(v):
    return isinstance(v, str) and re.fullmatch(SEMVER, v) is not None


def term(v):
    # At least two characters, no slash, backslash, blank or control character.
    return isinstance(v, str) and re.fullmatch(r"[^/\\\s\x00-\x1f\x7f]{2,}", v) is not None


def version_range(v):
    if v == 0 or v == "0":
        return True
    if not isinstance(v, str):
        return False
    return all(re.fullmatch(r"((==|!=|<=|>=|<|>)\s*)?(" + SEMVER + "|0)", part.strip())
               for part in v.split(","))


def path_ok(root, p):
    return (isinstance(p, str) and p != "" and not p.startswith("/") and "\\" not in p
            and ".." not in p.split("/") and os.path.isfile(os.path.join(root, p)))


def problems(meta, root, control_version, extname):
    """Every way meta breaks the spec or disagrees with the control file."""
    out = []
    if not isinstance(meta, dict):
        return ["the document is not a JSON object"]
    out += [f"required key {k} is missing" for k in REQUIRED if k not in meta]
    out += [f"unknown key {k}" for k in meta if k not in TOP and not custom(k)]
    if "name" in meta and not term(meta["name"]):
        out.append("name is not a term (2+ characters, no slash, backslash or blank)")
    if "version" in meta and not semver(meta["version"]):
        out.append(f"version {meta['version']!r} is not a semantic version")
    for k in ("abstract", "description", "generated_by"):
        if k in meta and not (isinstance(meta[k], str) and meta[k]):
            out.append(f"{k} is not a non-empty string")
    m = meta.get("maintainer")
    if "maintainer" in meta and not ((isinstance(m, str) and m) or (
            isinstance(m, list) and m and all(isinstance(x, str) and x for x in m))):
        out.append("maintainer is not a string or a list of strings")
    lic = meta.get("license")
    if "license" in meta:
        if isinstance(lic, str):
            ok = lic in LICENSES
        elif isinstance(lic, list):
            ok = bool(lic) and all(x in LICENSES for x in lic)
        elif isinstance(lic, dict):
            ok = bool(lic) and all(isinstance(u, str) and re.match(r"^[a-z][a-z0-9+.-]*:", u) for u in lic.values())
        else:
            ok = False
        if not ok:
            out.append(f"license {lic!r} is not a known licence name, a list of them, or name -> URI")
    ms = meta.get("meta-spec")
    if "meta-spec" in meta and not (isinstance(ms, dict) and isinstance(ms.get("version"), str)
                                    and re.fullmatch(r"1\.0\.\d+", ms["version"])
                                    and set(ms) <= {"version", "url"}):
        out.append("meta-spec is not {version: 1.0.x[, url]}")
    prov = meta.get("provides")
    if "provides" in meta:
        if not (isinstance(prov, dict) and prov):
            out.append("provides is not a non-empty object")
        else:
            for name, ext in prov.items():
                if not term(name):
                    out.append(f"provides: {name!r} is not a term")
                if not isinstance(ext, dict):
                    out.append(f"provides.{name} is not an object")
                    continue
                out += [f"provides.{name}: required key {k} is missing" for k in ("file", "version") if k not in ext]
                out += [f"provides.{name}: unknown key {k}" for k in ext
                        if k not in {"file", "version", "abstract", "docfile", "docpath"} and not custom(k)]
                if "version" in ext and not semver(ext["version"]):
                    out.append(f"provides.{name}.version {ext['version']!r} is not a semantic version")
                for k in ("file", "docfile"):
                    if k in ext and not path_ok(root, ext[k]):
                        out.append(f"provides.{name}.{k} {ext[k]!r} is not a relative path to a file of the distribution")
            if extname not in prov:
                out.append(f"provides has no entry for the extension {extname}")
            elif prov[extname].get("version") != control_version:
                out.append(f"provides.{extname}.version {prov[extname].get('version')!r} is not the control "
                           f"file's default_version as SemVer, {control_version!r}")
    if meta.get("version") != control_version:
        out.append(f"version {meta.get('version')!r} is not the control file's default_version as SemVer, "
                   f"{control_version!r}")
    pre = meta.get("prereqs")
    if "prereqs" in meta:
        if not isinstance(pre, dict):
            out.append("prereqs is not an object")
        else:
            for phase, rels in pre.items():
                if phase not in {"configure", "build", "runtime", "test", "develop"} and not custom(phase):
                    out.append(f"prereqs: unknown phase {phase}")
                    continue
                if not isinstance(rels, dict) or not rels:
                    out.append(f"prereqs.{phase} is not a non-empty object")
                    continue
                for rel, reqs in rels.items():
                    if rel not in {"requires", "recommends", "suggests", "conflicts"} and not custom(rel):
                        out.append(f"prereqs.{phase}: unknown relationship {rel}")
                    elif not isinstance(reqs, dict) or not reqs:
                        out.append(f"prereqs.{phase}.{rel} is not a non-empty object")
                    else:
                        out += [f"prereqs.{phase}.{rel}.{k}: {v!r} is not a version range"
                                for k, v in reqs.items() if not term(k) or not version_range(v)]
    if "release_status" in meta and meta["release_status"] not in {"stable", "testing", "unstable"}:
        out.append("release_status is not stable, testing or unstable")
    tags = meta.get("tags")
    if "tags" in meta and not (isinstance(tags, list) and tags and all(
            isinstance(t, str) and 2 <= len(t) <= 255 and re.fullmatch(r"[^/\\\x00-\x1f\x7f]+", t) for t in tags)):
        out.append("tags is not a list of tags (2-255 characters, no slash, backslash or control character)")
    ni = meta.get("no_index")
    if "no_index" in meta:
        def paths(v):
            return (isinstance(v, str) and v) or (isinstance(v, list) and v and all(isinstance(x, str) and x for x in v))
        if not (isinstance(ni, dict) and ("file" in ni or "directory" in ni)
                and all(k in {"file", "directory"} or custom(k) for k in ni)
                and all(paths(ni[k]) for k in ("file", "directory") if k in ni)):
            out.append("no_index is not {file: paths, directory: paths}")
    if "resources" in meta and not isinstance(meta["resources"], dict):
        out.append("resources is not an object")
    return out


def main(root):
    passed = failed = 0

    def check(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {what}: {detail}")

    control = open(os.path.join(root, "regional_dev.control"), encoding="utf-8").read()
    m = re.search(r"^default_version\s*=\s*'([^']*)'", control, re.M)
    check(m is not None, "control file has default_version")
    default_version = m.group(1) if m else ""
    parts = default_version.split(".")
    control_version = ".".join(parts + ["0"] * (3 - len(parts))) if 1 <= len(parts) <= 3 else default_version
    try:
        meta = json.load(open(os.path.join(root, "META.json"), encoding="utf-8"))
        check(True, "META.json is well-formed JSON")
    except ValueError as e:
        check(False, "META.json is well-formed JSON", str(e))
        meta = None
    if meta is not None:
        found = problems(meta, root, control_version, "regional_dev")
        check(not found, "META.json follows the PGXN Meta Spec 1.0.0 and the control file", "; ".join(found))
        check(meta.get("version") == control_version,
              f"META.json version {meta.get('version')} = control default_version {default_version!r} as SemVer")
        check(meta.get("license") == "postgresql" or "postgresql" in (meta.get("license") or []),
              "licence postgresql, as LICENSE says")
        check("PostgreSQL License" in open(os.path.join(root, "LICENSE"), encoding="utf-8").read(),
              "LICENSE holds the PostgreSQL licence")

        # Negative controls: each mistake is caught.
        def broken(change):
            bad = copy.deepcopy(meta)
            change(bad)
            return problems(bad, root, control_version, "regional_dev")
        mistakes = {
            "version 1.0 (not SemVer)": lambda b: b.update(version="1.0"),
            "version unlike the control file": lambda b: b.update(version="9.9.9"),
            "provides version unlike the control file": lambda b: b["provides"]["regional_dev"].update(version="9.9.9"),
            "no maintainer": lambda b: b.pop("maintainer"),
            "licence name not in the spec": lambda b: b.update(license="PostgreSQL"),
            "provides file missing": lambda b: b["provides"]["regional_dev"].update(file="sql/nothing.sql"),
            "prereq with a bad version": lambda b: b.setdefault("prereqs", {}).update(runtime={"requires": {"PostgreSQL": "15"}}),
            "unknown key": lambda b: b.update(homepage="x"),
            "meta-spec 2.0.0": lambda b: b.update({"meta-spec": {"version": "2.0.0"}}),
        }
        for what, change in mistakes.items():
            check(bool(broken(change)), f"negative control: {what} is rejected", "accepted")
    print(f"META.json: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
