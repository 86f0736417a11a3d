using System.Net;
using System.Text;
using BuildKit.IntegrationTests.Stages.Publish;

namespace BuildKit.IntegrationTests;

/// <summary>
/// A folder served over HTTP on 127.0.0.1: static pages serving a branch, or, with a user and a password, a private
/// fork's host serving bare repositories over git's dumb HTTP protocol, each request answered only with the right
/// credentials (HTTP basic authentication), as a forge answers a private repository.
/// </summary>
internal sealed class FolderHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly string _root;
    private readonly string? _authorization;

    public FolderHttpServer(string root, string? user = null, string? password = null)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
        _authorization = user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        (_listener, BaseUrl) = FakeGitHub.StartOnFreePort();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>How many requests carried the right credentials: git got them from somewhere.</summary>
    public int Authorized { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var response = context.Response;
            if (_authorization is not null)
            {
                if (context.Request.Headers["Authorization"] != _authorization)
                {
                    response.StatusCode = 401;
                    response.AddHeader("WWW-Authenticate", "Basic realm=\"fork\"");
                    continue;
                }
                Authorized++;
            }
            var file = Path.GetFullPath(Path.Combine(_root, Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'))));
            if (!file.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(file))
            {
                response.StatusCode = 404;
                continue;
            }
            var bytes = await File.ReadAllBytesAsync(file);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    public void Dispose() => _listener.Close();
}
