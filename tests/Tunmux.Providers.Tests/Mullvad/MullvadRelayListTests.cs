using Tunmux.Providers.Mullvad;

namespace Tunmux.Providers.Tests.Mullvad;

public sealed class MullvadRelayListTests
{
    [Fact]
    public void Relays_get_country_and_city_from_their_location_and_unusable_ones_are_dropped()
    {
        var list = MullvadRelayList.FromWire(new MullvadWire.RelaysResponse(
            new Dictionary<string, MullvadWire.Location> { ["se-got"] = new("Sweden", "Gothenburg") },
            new MullvadWire.WireGuardRelays("10.64.0.1", "fc00:bbbb:bbbb:bb01::1",
            [
                new("se-got-wg-001", "se-got", true, true, "31173", "185.213.154.68", null, "KEY=", 100),
                new("no-key-wg-001", "se-got", true, false, "x", "1.2.3.4", null, null, null),
                new("xx-nowhere-wg-1", "xx-unk", false, false, null, "5.6.7.8", null, "KEY2=", null),
            ])));

        list.Ipv4Gateway.Should().Be("10.64.0.1");
        list.Relays.Should().HaveCount(2);
        var got = list.Relays[0];
        (got.CountryCode, got.CityCode, got.Country, got.City, got.Owned, got.Weight).Should().Be(("se", "got", "Sweden", "Gothenburg", true, 100));
        list.Relays[1].City.Should().BeEmpty("its location is not in the list");
        list.Relays[1].Weight.Should().Be(100, "a missing weight counts as Mullvad's default");
    }

    [Fact]
    public void A_key_is_due_for_rotation_once_it_is_as_old_as_the_interval()
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var device = new MullvadDeviceState { Id = "d", PrivateKey = new Core.Model.Secret("k"), PublicKey = "p", KeyCreatedAt = created };
        var week = TimeSpan.FromHours(168);

        MullvadKeyRotation.IsDue(device, week, created + week - TimeSpan.FromSeconds(1)).Should().BeFalse();
        MullvadKeyRotation.IsDue(device, week, created + week).Should().BeTrue();
        MullvadKeyRotation.IsDue(device, null, created.AddYears(5)).Should().BeFalse();
        MullvadKeyRotation.NextRotation(device, week).Should().Be(created + week);
    }
}
