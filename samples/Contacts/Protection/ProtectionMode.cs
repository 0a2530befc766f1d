namespace Contacts.Protection;

/// <summary>Who authorizes requests to <c>/contacts</c> (<c>Contacts:Protection</c>).</summary>
public enum ProtectionMode
{
    /// <summary>A gateway in front (nginx + Tollgate) has authorized every request and forwards the caller's identity in headers.</summary>
    Gateway,
    /// <summary>The API validates tokens itself with Tollgate.AspNetCore and enforces the route rules the Tollgate server keeps for it.</summary>
    Tollgate,
}
