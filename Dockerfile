# policycheck in a container: a build stage with the Swift toolchain, a small runtime stage with
# the statically linked binary and libxml2. Not built in this project's CI (no container engine
# there); see Docs/ci.md.
#   docker build -t policycheck .
#   docker run --rm -v "$PWD:/work" -w /work policycheck lint apim/
FROM swift:6.1-bookworm AS build
RUN apt-get update -qq && apt-get install -y -qq libxml2-dev pkg-config >/dev/null
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib -Xswiftc -enforce-exclusivity=unchecked --product policycheck \
    && cp .build/release/policycheck /usr/local/bin/policycheck

FROM debian:bookworm-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libxml2 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/policycheck /usr/local/bin/policycheck
ENTRYPOINT ["policycheck"]
