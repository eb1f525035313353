namespace Tunmux.Core.Lifecycle.Conditions;

public enum ConditionStatus
{
    True,
    False,
    Unknown,
}
