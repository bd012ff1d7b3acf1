using SparshRobot.Ros.Dds.Native;

namespace SparshRobot.Ros.Dds;

/// <summary>
/// A DDS domain participant created with an explicit domain configuration. Cyclone allows one explicitly created
/// domain per id per process, so domains are shared and reference counted: the first participant of an id creates
/// it with its configuration, later ones join it, and the last one to go deletes it.
/// </summary>
public sealed class DdsParticipant : IDisposable
{
    private static readonly Dictionary<uint, (int Handle, int References)> Domains = [];

    private readonly uint _domainId;
    private int _participant;

    /// <param name="userData">Participant USER_DATA; ROS 2 participants carry <c>enclave=/;</c>.</param>
    public DdsParticipant(uint domainId, string configXml, string? userData = "enclave=/;")
    {
        if (!CycloneLibrary.IsAvailable)
        {
            throw new DdsException(CycloneLibrary.LoadError ?? "Cyclone DDS is not available", -1);
        }
        if (domainId > 232)
        {
            throw new ArgumentOutOfRangeException(nameof(domainId), domainId, "ROS 2 domain ids are 0..232");
        }
        _domainId = domainId;
        lock (Domains)
        {
            var (domain, references) = Domains.TryGetValue(domainId, out var entry)
                ? entry
                : (DdsApi.Check(DdsApi.CreateDomain(domainId, configXml), $"dds_create_domain({domainId})"), 0);
            try
            {
                _participant = CycloneLibrary.IsShimAvailable
                    ? DdsApi.Check(DdsApi.CreateParticipantWithUserData(domainId, userData), $"dds_create_participant({domainId})")
                    : DdsApi.Check(DdsApi.CreateParticipant(domainId, 0, 0), $"dds_create_participant({domainId})");
            }
            catch
            {
                if (references == 0)
                {
                    DdsApi.Delete(domain);
                }
                throw;
            }
            Domains[domainId] = (domain, references + 1);
        }
    }

    /// <summary>The raw participant handle, for creating topics, readers and writers.</summary>
    public int Handle => _participant != 0 ? _participant : throw new ObjectDisposedException(nameof(DdsParticipant));

    /// <summary>The domain id as Cyclone reports it for the participant.</summary>
    public uint DomainId
    {
        get
        {
            DdsApi.Check(DdsApi.GetDomainId(Handle, out var id), "dds_get_domainid");
            return id;
        }
    }

    public void Dispose()
    {
        lock (Domains)
        {
            if (_participant == 0)
            {
                return;
            }
            DdsApi.Delete(_participant);
            _participant = 0;
            var (domain, references) = Domains[_domainId];
            if (references <= 1)
            {
                Domains.Remove(_domainId);
                DdsApi.Delete(domain);
            }
            else
            {
                Domains[_domainId] = (domain, references - 1);
            }
        }
    }
}
