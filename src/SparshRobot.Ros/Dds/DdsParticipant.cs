using SparshRobot.Ros.Dds.Native;

namespace SparshRobot.Ros.Dds;

/// <summary>A DDS domain participant created with an explicit domain configuration; disposing deletes both.</summary>
public sealed class DdsParticipant : IDisposable
{
    private int _domain;
    private int _participant;

    public DdsParticipant(uint domainId, string configXml)
    {
        if (!CycloneLibrary.IsAvailable)
        {
            throw new DdsException(CycloneLibrary.LoadError ?? "Cyclone DDS is not available", -1);
        }
        if (domainId > 232)
        {
            throw new ArgumentOutOfRangeException(nameof(domainId), domainId, "ROS 2 domain ids are 0..232");
        }
        _domain = DdsApi.Check(DdsApi.CreateDomain(domainId, configXml), $"dds_create_domain({domainId})");
        try
        {
            _participant = DdsApi.Check(DdsApi.CreateParticipant(domainId, 0, 0), $"dds_create_participant({domainId})");
        }
        catch
        {
            DdsApi.Delete(_domain);
            throw;
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
        if (_participant != 0)
        {
            DdsApi.Delete(_participant);
            _participant = 0;
        }
        if (_domain != 0)
        {
            DdsApi.Delete(_domain);
            _domain = 0;
        }
    }
}
