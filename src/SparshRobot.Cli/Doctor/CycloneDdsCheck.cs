using SparshRobot.Ros.Dds;
using SparshRobot.Ros.Dds.Native;

namespace SparshRobot.Cli.Doctor;

/// <summary>Loads Cyclone DDS and creates a domain participant bound to the loopback interface.</summary>
public sealed class CycloneDdsCheck(uint domainId) : IDoctorCheck
{
    private const string Fix = "sudo apt-get install -y libddsc0debian cyclonedds-dev cyclonedds-tools   (or ./scripts/setup.sh)";

    public string Name => "Cyclone DDS";

    public bool Required => true;

    public CheckResult Run()
    {
        if (!CycloneLibrary.IsAvailable)
        {
            return CheckResult.Failed(Name, Fix, CycloneLibrary.LoadError ?? "libddsc not found");
        }
        try
        {
            using var participant = new DdsParticipant(domainId, DdsDomainConfig.Loopback);
            return CheckResult.Ok(Name,
                $"Cyclone DDS {CycloneLibrary.Version ?? "(version unknown)"} at {CycloneLibrary.LoadedPath}",
                $"participant on 127.0.0.1, domain {participant.DomainId}");
        }
        catch (DdsException e)
        {
            return CheckResult.Failed(Name, "check that the loopback interface is up (ip link set lo up) and the domain id is free", e.Message);
        }
    }
}
