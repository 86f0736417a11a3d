using System.Net;
using System.Net.Sockets;
using System.Text;
using BuildKit.IntegrationTests.Stages.Publish;

namespace BuildKit.IntegrationTests.Faults;

/// <summary>
/// A private fork's host: bare repositories under a folder served over git's dumb HTTP protocol, each request answered
/// only with the right user and password (HTTP basic authentication), as a forge answers a private repository.
/// </summary>
internal sealed class GitHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly string _authorization;

    public GitHttpServer(string root, string user, string password)
    {
        _root = root;
        _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        BaseUrl = $"http://127.0.0.1:{FakeGitHub.FreePort()}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
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
            if (context.Request.Headers["Authorization"] != _authorization)
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"fork\"");
                continue;
            }
            Authorized++;
            var file = Path.Combine(_root, Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/')));
            if (!File.Exists(file))
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

/// <summary>A host that accepts connections and never answers, so that a fetch from it hangs until it is stopped.</summary>
internal sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];

    public SilentServer()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_held) _held.Add(client);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";

    public void Dispose()
    {
        _listener.Stop();
        lock (_held) foreach (var client in _held) client.Dispose();
    }
}
