package linli

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// A published result is read from the network by strangers: whatever it holds, the verifier
// answers (nil or a difference) and never panics, and an honest result still verifies after a
// round trip through JSON.
func FuzzVerifyRoundResult(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 8 {
		programs, apps, maxWishes, maxPlaces := randomRound(rng)
		data, _ := json.Marshal(publish(programs, apps, maxWishes, maxPlaces, "427"))
		f.Add(data)
	}
	f.Add([]byte(`{"round":{"status":"drawn","max_wishes":1,"max_places_per_child":1},"programs":null,"applications":[{"size":-5}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r RoundResult
		if json.Unmarshal(data, &r) != nil {
			return
		}
		err := VerifyRoundResult(r)
		if err == nil {
			again, _ := json.Marshal(r)
			var r2 RoundResult
			if json.Unmarshal(again, &r2) != nil || VerifyRoundResult(r2) != nil {
				t.Fatalf("a verified result no longer verifies after a JSON round trip")
			}
		}
		programs, apps := r.Facts()
		DrawRound(programs, apps, []byte("seed"), r.Round.MaxPlacesPerChild%5)
	})
}
