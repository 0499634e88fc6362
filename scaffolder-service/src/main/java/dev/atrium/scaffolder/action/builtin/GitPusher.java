package dev.atrium.scaffolder.action.builtin;

import dev.atrium.commons.error.ConflictError;
import dev.atrium.commons.error.ServiceUnavailableError;
import dev.atrium.scaffolder.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Commits a directory as the first commit of a branch and pushes it with JGit. The git directory
 * lives outside the workspace. A branch that already holds exactly this tree counts as pushed (so a
 * re-run after a crash is harmless); any other existing branch is a conflict.
 */
final class GitPusher {

    /** The pushed commit. */
    record Pushed(String commitHash, boolean alreadyThere) {
    }

    private GitPusher() {
    }

    static Pushed push(Path source, String remote, String branch, String message, PersonIdent author,
            String username, String token, Duration timeout) {
        CredentialsProvider credentials = token == null ? null
                : new UsernamePasswordCredentialsProvider(username == null ? "x-access-token" : username, token);
        Path gitDir = null;
        try {
            gitDir = Files.createTempDirectory("atrium-publish-");
            try (Git git = Git.init().setDirectory(source.toFile()).setGitDir(gitDir.toFile()).setInitialBranch(branch).call()) {
                git.add().addFilepattern(".").call();
                RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call();
                Collection<Ref> remoteHeads = Git.lsRemoteRepository().setRemote(remote).setHeads(true)
                        .setCredentialsProvider(credentials).setTimeout((int) timeout.toSeconds()).call();
                Ref existing = remoteHeads.stream().filter(r -> r.getName().equals("refs/heads/" + branch)).findFirst().orElse(null);
                if (existing != null) {
                    git.fetch().setRemote(remote).setCredentialsProvider(credentials).setTimeout((int) timeout.toSeconds())
                            .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/remotes/origin/" + branch)).call();
                    try (RevWalk walk = new RevWalk(git.getRepository())) {
                        RevCommit theirs = walk.parseCommit(existing.getObjectId());
                        if (theirs.getTree().getId().equals(commit.getTree().getId())) {
                            return new Pushed(theirs.getName(), true);
                        }
                    }
                    throw new ConflictError("Repository " + remote + " already has a branch " + branch
                            + " with other content; publishing creates new repositories");
                }
                Iterable<PushResult> results = git.push().setRemote(remote).setCredentialsProvider(credentials)
                        .setTimeout((int) timeout.toSeconds())
                        .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call();
                for (PushResult result : results) {
                    for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                        if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                            throw new ConflictError("Push to " + remote + " was refused: " + update.getStatus()
                                    + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
                        }
                    }
                }
                return new Pushed(ObjectId.toString(commit.getId()), false);
            }
        } catch (GitAPIException e) {
            throw new ServiceUnavailableError("Git push to " + remote + " failed: " + e.getMessage());
        } catch (IOException e) {
            throw new ServiceUnavailableError("Git push to " + remote + " failed: " + e.getMessage());
        } finally {
            Workspace.deleteTree(gitDir);
        }
    }
}
