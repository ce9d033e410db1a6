using System.Net;
using System.Net.Sockets;

namespace FibreCafe.SupplierSimulator;

/// <summary>Ports for the simulator, the recorder and the stand-ins: free ones, and a clear word when one is taken.</summary>
public static class Ports
{
    /// <summary>A port nothing on this machine listens on right now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether starting failed because the port is taken (Kestrel's bind error, however deep it is wrapped).</summary>
    public static bool IsInUse(Exception e) => e switch
    {
        Microsoft.AspNetCore.Connections.AddressInUseException => true,
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => true,
        AggregateException a => a.InnerExceptions.Any(IsInUse),
        _ => e.InnerException is { } inner && IsInUse(inner),
    };
}

/// <summary>Thrown when a port is taken; its message is the one line a person needs.</summary>
public sealed class PortInUseException(string what, int port, string fix)
    : Exception($"Port {port} is already in use, so {what} cannot start there. {fix}");
