"""Reads the simulated GitHub with the official PyGithub client; prints one JSON line per check.

Usage: python check.py OWNER REPO BRANCH   (GITHUB_API_URL: the API's base URL; GITHUB_TOKEN optional)
"""
import json
import os
import sys

from github import Auth, Github, GithubException


def emit(check, **values):
    print(json.dumps({"check": check, **values}), flush=True)


def main():
    owner, repo_name, branch_name = sys.argv[1:4]
    token = os.environ.get("GITHUB_TOKEN")
    gh = Github(base_url=os.environ["GITHUB_API_URL"], auth=Auth.Token(token) if token else None, retry=None)

    repo = gh.get_repo(f"{owner}/{repo_name}")
    emit("repo", full_name=repo.full_name, default_branch=repo.default_branch)

    branch = gh.get_repo(f"{owner}/{repo_name}", lazy=True).get_branch(branch_name)
    emit("branch", name=branch.name, sha=branch.commit.sha, protected=branch.protected,
         parents=[p.sha for p in branch.commit.parents], etag=branch.etag,
         rate_remaining=int(branch.raw_headers.get("x-ratelimit-remaining", -1)))

    # A repeated conditional request: GitHub answers 304 while the branch has not moved.
    status, headers, _ = gh.requester.requestJson("GET", f"{repo.url}/branches/{branch_name}",
                                                  headers={"If-None-Match": branch.etag})
    emit("branch-conditional", status=status, etag=headers.get("etag"))

    # The client's own conditional refresh of a completable object.
    emit("repo-update", changed=repo.update())

    try:
        repo.get_branch(branch_name + "-missing")
        emit("missing-branch", status=200)
    except GithubException as e:
        emit("missing-branch", status=e.status, message=e.data.get("message"), documentation_url=e.data.get("documentation_url"))

    try:
        gh.get_repo(f"{owner}/{repo_name}-missing")
        emit("missing-repo", status=200)
    except GithubException as e:
        emit("missing-repo", status=e.status, message=e.data.get("message"))

    core = gh.get_rate_limit().resources.core
    emit("rate-limit", limit=core.limit, remaining=core.remaining, reset=int(core.reset.timestamp()))


if __name__ == "__main__":
    main()
