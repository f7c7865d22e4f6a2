from .settings import EndpointSettings, Settings, load_settings
