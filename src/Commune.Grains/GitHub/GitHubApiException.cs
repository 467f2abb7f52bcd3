using System.Net;

namespace Commune.Grains.GitHub;

/// <summary>GitHub's REST API refused a request: the status, the method and path, and GitHub's own message.</summary>
public sealed class GitHubApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
