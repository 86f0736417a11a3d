using System.Net;
using System.Net.Sockets;

namespace BuildKit.IntegrationTests.Faults;

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
