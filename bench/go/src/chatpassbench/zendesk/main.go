// Go at its best for the benchmarks: net/http on every core (GOMAXPROCS = the cores), golang-jwt v4 from Debian,
// keys as bytes made once, no framework. The same job as Chatpass's /v1/zendesk/chat/jwt: verify the login token
// from the cookie (HS256 pinned, issuer checked, exp required), mint a Zendesk Chat JWT (name, email, external_id,
// iat, exp 300 s). Built in GOPATH mode by scripts/bench-fresh.sh:
//   GO111MODULE=off GOPATH=bench/go:/usr/share/gocode go build -o ... chatpassbench/zendesk
// Usage: PORT=... LOGIN_SECRET=... ZENDESK_SECRET=... zendesk
package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"github.com/golang-jwt/jwt"
)

func main() {
	loginKey := []byte(os.Getenv("LOGIN_SECRET"))
	zendeskKey := []byte(os.Getenv("ZENDESK_SECRET"))
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}))
	keyFunc := func(*jwt.Token) (interface{}, error) { return loginKey, nil }

	http.HandleFunc("/zendesk/jwt", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("token")
		if err != nil || c.Value == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		claims := jwt.MapClaims{}
		if _, err := parser.ParseWithClaims(c.Value, claims, keyFunc); err != nil ||
			!claims.VerifyIssuer("https://login.xsolla.com", true) || !claims.VerifyExpiresAt(time.Now().Unix(), true) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		sub, _ := claims["sub"].(string)
		email, _ := claims["email"].(string)
		name, _ := claims["name"].(string)
		if name == "" {
			name = email
		}
		now := time.Now().Unix()
		token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"name": name, "email": email, "external_id": sub, "iat": now, "exp": now + 300,
		}).SignedString(zendeskKey)
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/plain")
		h.Set("Cache-Control", "no-store")
		w.Write([]byte(token))
	})
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("hello"))
	})
	addr := "127.0.0.1:" + os.Getenv("PORT")
	log.Printf("go-best ready on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
