package dev.atrium.catalog.reading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.catalog.config.CatalogConfig;
import dev.atrium.commons.error.InputError;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Web URLs of the git hosts become the right API calls, with the host's credentials. */
class GitHostsTest {

    private static CatalogConfig.GitHost host(String host, String type, String api, String tokenEnv, String tokenFile, String user) {
        return new CatalogConfig.GitHost() {
            public String host() {
                return host;
            }

            public String type() {
                return type;
            }

            public Optional<String> apiBaseUrl() {
                return Optional.ofNullable(api);
            }

            public Optional<String> username() {
                return Optional.ofNullable(user);
            }

            public Optional<String> tokenEnv() {
                return Optional.ofNullable(tokenEnv);
            }

            public Optional<String> tokenFile() {
                return Optional.ofNullable(tokenFile);
            }
        };
    }

    private final GitHosts hosts = new GitHosts(new LinkedHashMap<>(Map.of(
            "gitea", host("gitea.example.com", "gitea", null, "GITEA_TOKEN", null, null),
            "bbs", host("bitbucket.example.com", "bitbucket-server", null, null, null, null),
            "ghe", host("ghe.example.com", "github", null, null, null, null))));

    private String raw(String web) {
        GitHosts.HostFile f = hosts.parse(URI.create(web)).orElseThrow();
        return hosts.rawUrl(f.directory() ? f.withPath(f.path().isEmpty() ? "catalog-info.yaml" : f.path() + "/catalog-info.yaml", false) : f).toString();
    }

    @Test
    void githubBlobTreeAndRepositoryUrlsReadThroughTheContentsApi() {
        assertEquals("https://api.github.com/repos/acme/payments/contents/catalog-info.yaml?ref=main",
                raw("https://github.com/acme/payments/blob/main/catalog-info.yaml"));
        assertEquals("https://api.github.com/repos/acme/payments/contents/services/orders/catalog-info.yaml?ref=v1.2",
                raw("https://github.com/acme/payments/tree/v1.2/services/orders"));
        assertEquals("https://api.github.com/repos/acme/payments/contents/catalog-info.yaml", raw("https://github.com/acme/payments"));
        assertEquals("https://ghe.example.com/api/v3/repos/acme/x/contents/a%20b.yaml?ref=main", raw("https://ghe.example.com/acme/x/blob/main/a%20b.yaml"));
        GitHosts.HostFile f = hosts.parse(URI.create("https://github.com/acme/payments/blob/main/catalog-info.yaml")).orElseThrow();
        assertEquals("https://github.com/acme/payments/blob/main/docs/org.yaml", GitHosts.webUrl(f, "docs/org.yaml"));
        assertEquals("https://api.github.com/repos/acme/payments/git/trees/main?recursive=1", hosts.listUrl(f).toString());
    }

    @Test
    void gitlabUrlsWithSubgroupsReadThroughTheFilesApi() {
        assertEquals("https://gitlab.com/api/v4/projects/acme%2Fplatform%2Finfra/repository/files/deploy%2Fcatalog-info.yaml/raw?ref=main",
                raw("https://gitlab.com/acme/platform/infra/-/blob/main/deploy/catalog-info.yaml"));
        assertEquals("https://gitlab.com/api/v4/projects/acme%2Finfra/repository/files/catalog-info.yaml/raw?ref=HEAD",
                raw("https://gitlab.com/acme/infra"));
        assertEquals("https://gitlab.com/api/v4/projects/acme%2Finfra/repository/files/ops%2Fcatalog-info.yaml/raw?ref=dev",
                raw("https://gitlab.com/acme/infra/-/tree/dev/ops"));
    }

    @Test
    void bitbucketAndGiteaUrlsReadThroughTheirApis() {
        assertEquals("https://api.bitbucket.org/2.0/repositories/acme/web/src/main/catalog-info.yaml",
                raw("https://bitbucket.org/acme/web/src/main/catalog-info.yaml"));
        assertEquals("https://bitbucket.example.com/rest/api/1.0/projects/PAY/repos/api/raw/catalog-info.yaml?at=refs%2Fheads%2Fmain",
                raw("https://bitbucket.example.com/projects/PAY/repos/api/browse/catalog-info.yaml?at=refs%2Fheads%2Fmain"));
        assertEquals("https://gitea.example.com/api/v1/repos/acme/tools/raw/catalog-info.yaml?ref=main",
                raw("https://gitea.example.com/acme/tools/src/branch/main/catalog-info.yaml"));
        assertEquals("https://gitea.example.com/api/v1/repos/acme/tools/raw/sub/catalog-info.yaml?ref=v2",
                raw("https://gitea.example.com/acme/tools/src/tag/v2/sub/"));
    }

    @Test
    void otherHostsAndNonFileUrlsAreNotGitHostFiles() {
        assertTrue(hosts.parse(URI.create("https://example.com/acme/payments/blob/main/x.yaml")).isEmpty());
        assertThrows(InputError.class, () -> hosts.parse(URI.create("https://github.com/acme/payments/issues/3")));
        assertThrows(InputError.class, () -> hosts.parse(URI.create("https://github.com/acme/payments/blob/main/../../x.yaml")));
    }

    @Test
    void credentialsComeFromTheNamedEnvironmentVariableOrSecretFile() throws Exception {
        GitHosts.Host gitea = hosts.host("gitea.example.com").orElseThrow();
        assertEquals("token s3cret", GitHosts.headers(gitea, true, name -> name.equals("GITEA_TOKEN") ? "s3cret\n" : null).get("Authorization"));
        assertFalse(GitHosts.headers(gitea, true, name -> null).containsKey("Authorization"));
        Path secret = Files.createTempFile("token", ".txt");
        Files.writeString(secret, "glpat-123\n");
        GitHosts withFile = new GitHosts(Map.of("gl", host("gitlab.example.com", "gitlab", null, null, secret.toString(), null)));
        GitHosts.Host gl = withFile.host("gitlab.example.com").orElseThrow();
        assertEquals("glpat-123", GitHosts.headers(gl, true, name -> null).get("PRIVATE-TOKEN"));
        assertEquals(URI.create("https://gitlab.example.com/api/v4"), gl.apiBase());
        assertFalse(gl.toString().contains("glpat"), "a host never prints its credential");
        GitHosts bb = new GitHosts(Map.of("bb", host("bitbucket.org", "bitbucket", null, "BB", null, "ci-bot")));
        assertEquals("Basic Y2ktYm90OnB3", GitHosts.headers(bb.host("bitbucket.org").orElseThrow(), true, n -> "pw").get("Authorization"));
        Files.delete(secret);
    }
}
