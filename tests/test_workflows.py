"""GitHub Actions workflows: least privilege, SHA-pinned actions, tests before deploy."""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, build, mkdocs_config

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
# A step's action on its line, as Dependabot writes it when it updates one: full SHA, then the version it is.
USES_LINE = re.compile(r"^\s*(?:- )?uses:\s*(?P<action>\S+)\s*(?P<comment>#.*)?$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+(?:\.\d+)*$")


def load(path: Path) -> dict:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # 'on' stays a string key
    assert isinstance(data, dict)
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_there_are_check_and_deploy_workflows():
    assert {p.name for p in WORKFLOWS} >= {"check.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha(path):
    for step in steps(load(path)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to a commit SHA"


# The only jobs that may write, and what: the deploy publishes the site; the watch opens its one issue.
WRITES = {("deploy.yml", "deploy"): {"pages", "id-token"}, ("watch-sources.yml", "watch"): {"issues"}}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_pinned_action_names_its_version_in_a_comment(path):
    """``uses: owner/action@<40 hex>  # vX.Y.Z``: a reader sees the version, and Dependabot updates both."""
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = USES_LINE.match(line)
        if not match or match["action"].startswith("./"):  # a workflow of this repository: nothing to pin
            continue
        found += 1
        assert PINNED.match(match["action"]), f"{path.name}:{number}: {match['action']} is not pinned to a commit SHA"
        comment = (match["comment"] or "").strip()
        assert VERSION_COMMENT.match(comment), f"{path.name}:{number}: add the version as a comment, like '# v1.2.3'"
    assert found == sum("uses" in step for step in steps(load(path))), f"{path.name}: a 'uses:' line was not read"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    workflow = load(path)
    assert workflow.get("permissions") == {}, f"{path.name}: top-level permissions must be {{}}"
    for name, job in workflow["jobs"].items():
        perms = job.get("permissions")
        assert isinstance(perms, dict), f"{path.name}:{name} must declare its permissions"
        writes = {k for k, v in perms.items() if v == "write"}
        allowed = WRITES.get((path.name, name), set())
        assert writes <= allowed, f"{path.name}:{name} asks for {writes - allowed}"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") == "false"


TEST_WORKFLOW = "./.github/workflows/test.yml"


def test_one_reusable_workflow_runs_make_test():
    reusable = load(ROOT / ".github/workflows/test.yml")
    assert "workflow_call" in reusable["on"]
    assert [step.get("run", "").strip() for step in steps(reusable)].count("make test") == 1
    for path in WORKFLOWS:
        if path.name != "test.yml":
            assert not any(step.get("run", "").strip() == "make test" for step in steps(load(path))), (
                f"{path.name} runs the tests itself instead of calling {TEST_WORKFLOW}"
            )


def test_check_workflow_runs_make_test_on_pull_requests():
    workflow = load(ROOT / ".github/workflows/check.yml")
    assert "pull_request" in workflow["on"] and "push" in workflow["on"]
    assert workflow["jobs"]["test"]["uses"].split("#")[0].strip() == TEST_WORKFLOW


def test_deploy_runs_only_after_tests_and_uses_pages_environment():
    workflow = load(ROOT / ".github/workflows/deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["test"]["uses"].split("#")[0].strip() == TEST_WORKFLOW
    assert jobs["build"]["needs"] == "test"
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["deploy"]["concurrency"]["cancel-in-progress"] == "false"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [s.get("uses", "").split("@")[0] for s in steps(workflow)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    build_runs = " ".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "--strict" in build_runs and "--require-hashes" in build_runs


def test_same_lock_file_everywhere():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes" in makefile and "requirements.lock" in makefile
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_zizmor_finds_nothing():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is pinned in requirements-test.lock and must be installed"
    result = subprocess.run(
        [zizmor, "--offline", "--no-progress", str(ROOT / ".github/workflows")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_passes():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "yamllint",
            "--strict",
            "-c",
            str(ROOT / ".yamllint"),
            str(ROOT / ".github"),
            str(ROOT / "data"),
            str(ROOT / "mkdocs.yml"),
            str(ROOT / "mkdocs.preview.yml"),
            str(ROOT / ".pre-commit-config.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_get_a_preview_artifact_and_a_price_change_summary():
    workflow = load(ROOT / ".github/workflows/check.yml")
    jobs = [
        job
        for job in workflow["jobs"].values()
        if any(s.get("uses", "").startswith("actions/upload-artifact@") for s in job.get("steps", []))
    ]
    assert len(jobs) == 1, "one job uploads the preview"
    (job,) = jobs
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read"}
    job_steps = job["steps"]
    checkout = next(s for s in job_steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0", "the base commit must be fetched for the price diff"

    summary = next(s for s in job_steps if "price-diff" in s.get("run", ""))
    assert "$GITHUB_STEP_SUMMARY" in summary["run"] and ">>" in summary["run"]
    assert "${{" not in summary["run"], "no template expansion inside run: (template injection)"
    base_vars = [k for k, v in summary.get("env", {}).items() if v == "${{ github.event.pull_request.base.sha }}"]
    assert len(base_vars) == 1 and f'--base "${base_vars[0]}"' in summary["run"]

    build = next(s for s in job_steps if "mkdocs build" in s.get("run", ""))
    assert "--strict" in build["run"] and "-f mkdocs.preview.yml" in build["run"]
    out_dir = build["run"].split(" -d ")[1].split()[0]
    upload = next(s for s in job_steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == out_dir
    assert upload["with"]["if-no-files-found"] == "error"
    names = [s.get("run", "") + s.get("uses", "") for s in job_steps]
    assert names.index(summary["run"]) < names.index(build["run"]), "the summary is written even if the build fails"


def test_preview_config_makes_a_site_that_opens_from_a_folder(tmp_path):
    """The preview is the same site with links ending in .html (no web server needed)."""
    site, preview = mkdocs_config("mkdocs.yml"), mkdocs_config("mkdocs.preview.yml")
    assert site.use_directory_urls and not preview.use_directory_urls
    same = {key for key in site if key not in ("config_file_path", "use_directory_urls", "plugins")}
    assert {key: preview[key] for key in same} == {key: site[key] for key in same}
    assert list(preview.plugins) == list(site.plugins)
    out = tmp_path / "site-preview"
    result = build(ROOT, out, config="mkdocs.preview.yml")
    assert result.returncode == 0, result.stderr
    page = (out / "costs/packages.html").read_text(encoding="utf-8")
    assert 'href="../index.html"' in page and 'href="index.html"' in page
    assert not (out / "costs/packages/index.html").exists()


# Who reviews, where deploys come from, and how every job installs --------------------------------------------


def codeowners_rules() -> list[tuple[str, list[str]]]:
    rules = []
    for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def codeowners_match(pattern: str, path: str) -> bool:
    """GitHub's CODEOWNERS matching for the anchored patterns used here: /dir/, /file and /glob*."""
    assert pattern.startswith("/"), f"CODEOWNERS pattern {pattern} should be anchored at the repository root"
    pattern = pattern[1:]
    if pattern.endswith("/"):
        return path.startswith(pattern)
    return fnmatch.fnmatchcase(path, pattern) and "/" not in path[len(pattern.split("*")[0]) :]


def owners_of(path: str) -> list[str]:
    owners: list[str] = []
    for pattern, rule_owners in codeowners_rules():  # the last matching rule wins
        if codeowners_match(pattern, path):
            owners = rule_owners
    return owners


@pytest.mark.parametrize(
    "path",
    [
        "mkdocs.yml",
        "mkdocs.preview.yml",
        "data/prices.yml",
        "data/prices.schema.json",
        "cytokine_site/loader.py",
        "cytokine_site/organization.py",
        "overrides/main.html",
        ".github/CODEOWNERS",
        ".github/workflows/deploy.yml",
        ".github/dependabot.yml",
        "Makefile",
        "requirements.lock",
        "requirements-zensical.lock",
        "requirements-test.in",
    ],
)
def test_codeowners_cover_facts_validation_code_data_and_workflows(path):
    assert (ROOT / path).exists(), path
    owners = owners_of(path)
    assert owners and all(o.startswith("@") for o in owners), f"{path} has no code owner"


def test_only_main_is_built_for_and_deployed_to_pages():
    workflow = load(ROOT / ".github/workflows/deploy.yml")
    assert set(workflow["on"]) <= {"push", "workflow_dispatch"}, "no trigger that runs for other refs or forks"
    jobs = workflow["jobs"]
    for name in ("build", "deploy"):
        assert jobs[name]["if"] == "github.ref == 'refs/heads/main'", f"deploy.yml:{name} must check the branch"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    for name, job in jobs.items():
        uses = [s.get("uses", "").split("@")[0] for s in job.get("steps", [])]
        if "actions/upload-pages-artifact" in uses or "actions/deploy-pages" in uses:
            assert job.get("if") == "github.ref == 'refs/heads/main'", f"deploy.yml:{name} publishes without a check"


def test_deploys_never_cancel_each_other():
    workflow = load(ROOT / ".github/workflows/deploy.yml")
    concurrency = workflow["jobs"]["deploy"]["concurrency"]
    assert concurrency["group"] == "pages"
    assert concurrency["cancel-in-progress"] == "false", "a running deployment must not be cancelled half-way"
    top = workflow.get("concurrency")
    assert top is None or (isinstance(top, dict) and top.get("cancel-in-progress") == "false")


PIP_INSTALL = re.compile(r"\bpip install\b(?P<args>[^\n]*)")


@pytest.mark.parametrize("path", [*WORKFLOWS, ROOT / "Makefile"], ids=lambda p: p.name)
def test_every_install_is_from_a_hash_pinned_lock(path):
    """No job installs a package by name: every `pip install` reads a lock file with --require-hashes."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    installs = [m.group("args") for m in PIP_INSTALL.finditer(text)]
    if not installs:  # these workflows install through make (`make test`...), which the Makefile row checks
        assert re.search(r"(run: |\n\s+)make [a-z-]+", text), f"{path.name} installs nothing?"
        return
    for args in installs:
        if path.name == "Makefile" and "pip-tools==" in args:
            continue  # `make lock` installs the lock tool itself, into .venv, to write the locks
        if path.name == "Makefile" and args.split()[-2:] == ["-e", "."]:
            # the project itself, editable, built by the pinned backend already installed: nothing is fetched
            assert "--no-deps" in args and "--no-build-isolation" in args, args
            continue
        assert "--require-hashes" in args, f"{path.name}: pip install {args.strip()}"
        words = args.split()
        files = [words[i + 1] for i, w in enumerate(words) if w == "-r"]
        assert files and all(f.endswith(".lock") for f in files), f"{path.name}: pip install {args.strip()}"
        others = [w for i, w in enumerate(words) if not w.startswith("-") and (i == 0 or words[i - 1] != "-r")]
        assert others == [], f"{path.name}: packages named outside a lock: {others}"
        for name in files:
            assert (ROOT / name).exists(), f"{path.name} installs from {name}, which does not exist"


def lock_pins(name: str) -> dict[str, str]:
    """{package: version} of a pip-compile lock file, checking that every pin carries a hash."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        first = block.split("\n", 1)[0]
        if "==" in first:
            package, version = first.split(" ", 1)[0].split("==")
            assert "--hash=sha256:" in block, f"{name}: {package} has no hash"
            pins[package.lower()] = version
    return pins


def test_zensical_job_installs_from_its_own_hash_pinned_lock():
    workflow = load(ROOT / ".github/workflows/check.yml")
    runs = " ".join(s.get("run", "") for s in workflow["jobs"]["zensical"]["steps"])
    assert "--require-hashes" in runs and "-r requirements-zensical.lock" in runs
    assert "zensical build" in runs
    zensical = lock_pins("requirements-zensical.lock")
    assert zensical.get("zensical") == "0.0.73"
    site = lock_pins("requirements.lock")
    assert {k: zensical.get(k) for k in site} == site, "the Zensical lock pins the site's packages at the same versions"
    source = (ROOT / "requirements-zensical.in").read_text(encoding="utf-8")
    assert "-r requirements.in" in source.splitlines() and "zensical==0.0.73" in source.splitlines()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-o requirements-zensical.lock requirements-zensical.in" in makefile, "`make lock` re-pins it too"


# The weekly watch on sources ----------------------------------------------------------------------------------

WATCH = ROOT / ".github/workflows/watch-sources.yml"


def test_watch_runs_weekly_and_on_demand_and_checks_labels_and_links():
    workflow = load(WATCH)
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}, "no trigger that runs code from a fork"
    (cron,) = [entry["cron"] for entry in workflow["on"]["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() and hour.isdigit(), "once a week"
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = [step.get("run", "") for step in job["steps"]]
    assert any("make check-labels" in run for run in runs)
    assert any("make check-external-links" in run for run in runs)
    assert all("${{" not in run for run in runs), "no template expansion inside run: (template injection)"


def test_watch_reuses_the_actions_pinned_in_the_other_workflows():
    pinned = {
        step["uses"]
        for path in WORKFLOWS
        if path != WATCH
        for step in steps(load(path))
        if "uses" in step and not step["uses"].startswith("./")
    }
    used = {step["uses"] for step in steps(load(WATCH)) if "uses" in step}
    assert used and used <= pinned, f"new pins: {used - pinned}"


def test_watch_opens_or_updates_one_issue_with_gh():
    (job,) = load(WATCH)["jobs"].values()
    step = next(s for s in job["steps"] if "gh issue" in s.get("run", ""))
    run = step["run"]
    assert "gh issue list --state open" in run and "gh issue edit" in run and "gh issue create" in run
    assert run.count("gh issue create") == 1
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "scripts/sources_report.py" in run
