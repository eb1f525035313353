#!/usr/bin/env perl
# Where a build's time goes, from the daemon's --verbose log as bench/daemon.sh time-stamps it
# ("EPOCH LVL Source: message"). Per exit, the moments of its pass (queued by the apply, taken
# by a worker, planned, each build step, wireguard-go up, tunnel built, proxy listening, Ready);
# per step, the median / 90th percentile / max over the exits and the sum (worker-seconds).
#   daemon-steps.pl LOG APPLY_START [APPLY_END]
use strict;
use warnings;

my ($log, $from, $to) = @ARGV;
die "usage: $0 LOG APPLY_START [APPLY_END]\n" unless defined $from;
$to //= 9e99;
open my $in, '<', $log or die "$log: $!\n";

my (%events, %first_seen);
while (my $line = <$in>) {
  my ($t, $rest) = $line =~ /^(\d+\.\d+) (.*)$/ or next;
  next if $t < $from || $t > $to;
  my ($tunnel, $what);
  # Each event is named after the step it starts.
  if ($rest =~ /: reconciling (\S+): /)                  { ($tunnel, $what) = ($1, 'executor starts'); }
  elsif ($rest =~ /: (\S+): pass starts/)                { ($tunnel, $what) = ($1, 'locks, observe, plan'); }
  elsif ($rest =~ /: Tunnel (\S+) built/)                { ($tunnel, $what) = ($1, 'proxy worker start (orphan check, launch, until listening)'); }
  elsif ($rest =~ /: Tunnel (\S+): (.*)$/)               { ($tunnel, $what) = ($1, $2); }
  elsif ($rest =~ /: Proxy (\S+) listening/)             { ($tunnel, $what) = ($1, 'records, observation, lifecycle until Connected'); }
  elsif ($rest =~ /: (\S+): Connected: /)                { ($tunnel, $what) = ($1, 'Connected'); }
  else { next; }
  next if exists $first_seen{"$tunnel $what"} && $what eq 'locks, observe, plan';
  $first_seen{"$tunnel $what"} = 1;
  $what =~ s/ \S*(?:lab-\d+|_lab\S*)\S*//g;    # one step name for every exit
  $what =~ s/ \d+(?:\.\d+){3}\/\d+//g;
  push @{ $events{$tunnel} }, [$t, $what];
}

# A step lasts until the exit's next event; the last one has no end.
my (%durations, @ready);
for my $tunnel (keys %events) {
  my @list = sort { $a->[0] <=> $b->[0] } @{ $events{$tunnel} };
  for my $i (0 .. $#list - 1) {
    my ($t, $what) = @{ $list[$i] };
    last if $what eq 'Connected';
    push @{ $durations{$what} }, $list[$i + 1][0] - $t;
  }
  my ($connected) = grep { $_->[1] =~ /^Connected/ } @list;
  push @ready, $connected->[0] - $from if $connected;
  push @{ $durations{'waiting in the queue (apply start until a worker takes the key)'} }, $list[0][0] - $from if @list;
}

sub pct { my ($p, @v) = @_; @v = sort { $a <=> $b } @v; return $v[int($p * $#v + 0.5)]; }
sub sum { my $s = 0; $s += $_ for @_; return $s; }

printf "%-62s %6s %8s %8s %8s %9s\n", 'step (until the exit\'s next event)', 'exits', 'median', 'p90', 'max', 'sum';
for my $what (sort { sum(@{ $durations{$b} }) <=> sum(@{ $durations{$a} }) } keys %durations) {
  my @v = @{ $durations{$what} };
  printf "%-62s %6d %7.0fms %7.0fms %7.0fms %8.1fs\n", substr($what, 0, 62), scalar @v, 1000 * pct(0.5, @v), 1000 * pct(0.9, @v), 1000 * pct(1, @v), sum(@v);
}
if (@ready) {
  printf "exits Connected: %d; apply start until Connected: first %.2f s, median %.2f s, last %.2f s\n",
    scalar @ready, pct(0, @ready), pct(0.5, @ready), pct(1, @ready);
}
